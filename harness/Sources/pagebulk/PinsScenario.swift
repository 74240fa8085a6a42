import ArgumentParser
import PagebulkKit

/// Minchan Kim's reason for cma_alloc_bulk() (Nov 2020): one pinned page
/// must not sink a 300 MiB request. K pins spread over the CMA area, under
/// load, every method side by side.
struct PinsScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pins",
        abstract: "4800 x order-4 from a CMA area holding K = 0, 1, 10, 100 pinned pages, under load.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var load: LoadOptions
    @OptionGroup var pieces: PieceOptions
    @Option(parsing: .upToNextOption, help: "Pin counts to sweep.") var pins: [UInt64] = [0, 1, 10, 100]
    @Option(help: "Trials of the slow baselines (one 300 MiB cma_alloc, cma_alloc per piece).")
    var baselineTrials: Int = 2
    @Option(help: "The per-piece cma_alloc() loop stops after this many ms (it retries pinned pageblocks on every call).")
    var baselineDeadlineMs: UInt32 = 60_000
    @Option(help: "MiB of page cache written to the scratch disk before pinning, so the CMA area holds pages to pin.")
    var fillMib: Int = 1000

    func validate() throws {
        guard baselineTrials >= 0 else {
            throw ValidationError("--baseline-trials must be 0 or more, not \(baselineTrials)")
        }
        guard fillMib >= 0 else { throw ValidationError("--fill-mib must be 0 or more, not \(fillMib)") }
    }

    func run() throws {
        let result = try module.withControl { control in
            let info = try control.info()
            guard let area = info.cmaArea(named: pieces.cma) else {
                throw HarnessError.noCMAArea(pieces.cma, have: info.cmaAreas.map(\.name))
            }
            func req(_ m: AllocMethod, _ mode: ContigMode = .default) -> AllocRequest {
                AllocRequest(method: m, order: pieces.order, count: pieces.count, mode: mode, cmaArea: area.index)
            }
            let fast = [req(.cmaBulk, .fast), req(.cmaBulk, .normal), req(.cmaBulk, .hard),
                        req(.cmaBulkTwoPass), req(.rangeBulk, .fast)]
            var perPiece = req(.cmaPerChunk)
            perPiece.deadlineMs = baselineDeadlineMs
            let slow = [req(.cmaWhole), perPiece]
            let baseline = try Invariants.capture(control)
            var records: [ScenarioResult.Trial] = []
            var held: [String: String] = [:]
            try load.during {
                // Page cache beyond what the non-CMA part of memory holds spills
                // into CMA pageblocks; written back, so it is movable at once.
                let fill = "dd if=/dev/zero of=/run/scratch/pins-fill bs=1M count=\(fillMib) 2>/dev/null && sync"
                let status = Spawn.run(["/bin/sh", "-c", fill])
                guard status == 0 else {
                    throw HarnessError.commandFailed("write \(fillMib) MiB to /run/scratch", status: status)
                }
                defer { _ = Spawn.run(["/bin/rm", "-f", "/run/scratch/pins-fill"]) }
                for k in pins {
                    let group = "pins=\(k)"
                    let pinned = k > 0 ? try control.pin(cmaArea: area.index, count: k) : PinResult(pinned: 0, taken: 0, pinnedBlocks: 0)
                    held[group] = "\(pinned.pinned) pins (\(pinned.taken) of them taken pages) in \(pinned.pinnedBlocks) pageblocks"
                    FileHandleOutput.progress("\(group): \(held[group] ?? "")")
                    for t in 0..<scenario.trials {
                        let requests = fast + (t < baselineTrials ? slow : [])
                        for request in requests.filter({ info.supports($0.method) }) {
                            records.append(try TrialRunner.run(control, request, trial: t, group: group))
                            FileHandleOutput.progress("\(group) trial \(t + 1) \(request.label): "
                                + "\(records.last?.result.obtained ?? 0)/\(pieces.count)")
                        }
                    }
                    if k > 0 { _ = try control.pin(cmaArea: area.index, count: 0) }
                }
            }
            try Invariants.capture(control).check(against: baseline)
            var parameters = ["order": "\(pieces.order)", "count": "\(pieces.count)", "cma": pieces.cma,
                              "trials": "\(scenario.trials)", "load": load.description,
                              "fill": "\(fillMib) MiB page cache written before pinning"]
            for (group, text) in held { parameters[group] = text }
            return ScenarioResult(scenario: "pins", context: scenario.context(info), parameters: parameters,
                                  trials: records)
        }
        try TextFile.write(try JSON.encode(result) + "\n", to: scenario.out + "/pins.json")
        print(ResultReport.summary(result))
        print("\nwrote \(scenario.out)/pins.json")
    }
}
