import ArgumentParser
import PagebulkKit
import PagebulkReport

/// Minchan Kim's reason for cma_alloc_bulk() (Nov 2020): one pinned page
/// must not sink a 300 MiB request. K pins spread over the CMA area, under
/// load, every method side by side.
struct PinsScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pins",
        abstract: "4800 x order-4 from a CMA area holding K = 0, 1, 10, 100 pinned pages, under load.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var pieces: PieceOptions
    @Option(parsing: .upToNextOption, help: "Pin counts to sweep.") var pins: [UInt64] = [0, 1, 10, 100]
    @Option(help: "Trials of the slow baselines (one 300 MiB cma_alloc, cma_alloc per piece).")
    var baselineTrials: UInt = 2
    @Option(help: "The per-piece cma_alloc() loop stops after this many ms (it retries pinned pageblocks on every call).")
    var baselineDeadlineMs: UInt32 = 60_000
    @Option(help: "MiB of page cache written to the scratch disk before pinning, so the CMA area holds pages to pin.")
    var fillMib: UInt64 = 1000

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
            var records: [AllocTrial] = []
            var held: [PinsHeld] = []
            try workload.during {
                // Page cache beyond what the non-CMA part of memory holds spills
                // into CMA pageblocks; written back, so it is movable at once.
                let scratch = ScratchFile(path: "/run/scratch/pins-fill")
                try scratch.fill(mib: fillMib)
                defer { scratch.remove() }
                for k in pins {
                    let pinned = k > 0 ? try control.pin(cmaArea: area.index, count: k) : PinResult(pinned: 0, taken: 0, pinnedBlocks: 0)
                    held.append(PinsHeld(pins: k, pinned: pinned.pinned, taken: pinned.taken,
                                         pinnedBlocks: pinned.pinnedBlocks))
                    Progress.line("pins=\(k): \(pinned.pinned) pins (\(pinned.taken) of them taken pages) in "
                                  + "\(pinned.pinnedBlocks) pageblocks")
                    for t in 0..<Int(clamping: scenario.trials) {
                        let requests = fast + (UInt(t) < baselineTrials ? slow : [])
                        for request in requests.filter({ info.supports($0.method) }) {
                            records.append(try TrialRunner.run(control, request, trial: t, pins: k))
                            Progress.line("pins=\(k) trial \(t + 1) \(request.label): "
                                + "\(records.last?.result.obtained ?? 0)/\(pieces.count)")
                        }
                    }
                    if k > 0 { _ = try control.pin(cmaArea: area.index, count: 0) }
                }
            }
            try Invariants.capture(control).check(against: baseline)
            let parameters = AllocationParameters(
                order: pieces.order, count: pieces.count, cma: pieces.cma, trials: Int(clamping: scenario.trials),
                workload: workload.workload, pins: PinsParameters(fillMiB: fillMib, held: held))
            return AllocationDocument(scenario: .pins, context: RunContextProbe.context(info), parameters: parameters,
                                      trials: records)
        }
        print(AllocationText.render(result))
        try scenario.output.write(ResultDocument.allocation(result), as: "pins.json")
    }
}
