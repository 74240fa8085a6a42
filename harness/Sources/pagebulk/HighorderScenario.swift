import ArgumentParser
import PagebulkKit

/// The seed's headline experiment (Minchan Kim, Aug 2020): 4800 order-4
/// pages (300 MiB) from the 500 MiB CMA area of a 1536 MiB machine under a
/// kernel-build-like load, every method side by side in one boot.
struct HighorderScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "highorder",
        abstract: "4800 x order-4 from the CMA range under load: CMA baselines vs alloc_pages_bulk modes.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var load: LoadOptions
    @OptionGroup var pieces: PieceOptions
    @Flag(help: "A short run for CI: 2 trials, 480 pieces, no per-piece cma_alloc.")
    var quick = false

    func methods(_ area: ModuleInfo.CMAArea, count: UInt64) -> [AllocRequest] {
        func req(_ m: AllocMethod, _ mode: ContigMode = .default, gfp: GFPPreset = .kernel) -> AllocRequest {
            AllocRequest(method: m, order: pieces.order, count: count, gfp: gfp, mode: mode,
                         cmaArea: m == .allocPages ? nil : area.index)
        }
        var list = [req(.cmaWhole)]
        if !quick { list += [req(.cmaPerChunk), req(.cmaPerChunkResume)] }
        list += [
            req(.allocPages, gfp: .highuserMovable),
            req(.contigRange), req(.contigRange, .normal),
            req(.rangeBulk, .fast), req(.rangeBulk, .normal), req(.rangeBulk, .hard),
        ]
        return list
    }

    func run() throws {
        let trials = quick ? 2 : scenario.trials
        let count = quick ? min(pieces.count, 480) : pieces.count
        let result = try module.withControl { control in
            let info = try control.info()
            guard let area = info.cmaArea(named: pieces.cma) else {
                throw HarnessError.noCMAArea(pieces.cma, have: info.cmaAreas.map(\.name))
            }
            let requests = methods(area, count: count).filter { info.supports($0.method) }
            let baseline = try Invariants.capture(control)
            _ = try SnapshotSource.capture(into: scenario.out + "/before")
            var records: [ScenarioResult.Trial] = []
            try load.during {
                for t in 0..<trials {
                    for request in requests {
                        records.append(try TrialRunner.run(control, request, trial: t))
                        FileHandleOutput.progress("trial \(t + 1)/\(trials) \(request.label): "
                            + "\(records.last?.result.obtained ?? 0)/\(count)")
                    }
                }
            }
            _ = try SnapshotSource.capture(into: scenario.out + "/after")
            try Invariants.capture(control).check(against: baseline)
            return ScenarioResult(
                scenario: "highorder", context: scenario.context(info),
                parameters: ["order": "\(pieces.order)", "count": "\(count)", "cma": pieces.cma, "trials": "\(trials)",
                             "load": load.description],
                trials: records)
        }
        try TextFile.write(try JSON.encode(result) + "\n", to: scenario.out + "/highorder.json")
        print(ResultReport.summary(result))
        print("\nwrote \(scenario.out)/highorder.json")
    }
}

/// The guest's background load (scripts/guest-load.sh).
struct LoadOptions: ParsableArguments {
    @Option(help: "Load script to start before and stop after the trials; none for an idle guest.")
    var loadScript: String?

    @Option(help: "Compiler jobs in the load.") var loadJobs: Int = 2

    @Option(help: "Seconds the load runs before the first trial.") var warmup: Int = 30

    func validate() throws {
        guard loadJobs >= 1 else { throw ValidationError("--load-jobs must be at least 1, not \(loadJobs)") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more, not \(warmup)") }
    }

    var description: String {
        loadScript == nil ? "none" : "\(loadJobs) compile jobs + buffered writes + anon churn, \(warmup) s warm-up"
    }

    func during<T>(_ body: () throws -> T) throws -> T {
        guard let script = loadScript else { return try body() }
        let status = Spawn.run(["/bin/sh", script, "start", "\(loadJobs)"])
        guard status == 0 else { throw HarnessError.commandFailed("start the load (\(script))", status: status) }
        defer { _ = Spawn.run(["/bin/sh", script, "stop"]) }
        FileHandleOutput.progress("load running, warming up for \(warmup) s")
        _ = Spawn.run(["/bin/sleep", "\(warmup)"])
        return try body()
    }
}
