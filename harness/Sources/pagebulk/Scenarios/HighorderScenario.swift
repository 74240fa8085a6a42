import ArgumentParser
import PagebulkKit
import PagebulkReport

/// The seed's headline experiment (Minchan Kim, Aug 2020): 4800 order-4
/// pages (300 MiB) from the 500 MiB CMA area of a 1536 MiB machine under a
/// kernel-build-like load, every method side by side in one boot.
struct HighorderScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "highorder",
        abstract: "4800 x order-4 from the CMA range under load: CMA baselines vs alloc_pages_bulk modes.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var pieces: PieceOptions
    @OptionGroup var order: ScheduleOptions
    @Flag(help: "A short run for CI: 2 trials, 480 pieces, no per-piece cma_alloc.")
    var quick = false
    @OptionGroup var skip: MethodSkipOptions

    func validate() throws {
        // Any label of the full list may be skipped, --quick or not; what
        // is left of the list that runs must not be empty.
        try skip.validate(against: Self.methods(cmaArea: 0, order: 4, count: 1, quick: false).map(\.label))
        guard Self.methods(cmaArea: 0, order: 4, count: 1, quick: quick).contains(where: skip.keeps) else {
            throw ValidationError("--skip-method leaves no method to run with --quick")
        }
    }

    func methods(_ area: ModuleInfo.CMAArea, count: UInt64) -> [AllocRequest] {
        Self.methods(cmaArea: area.index, order: pieces.order, count: count, quick: quick).filter(skip.keeps)
    }

    /// Every method the scenario runs, in its listed order (each round
    /// shuffles it).
    static func methods(cmaArea: Int, order: UInt32, count: UInt64, quick: Bool) -> [AllocRequest] {
        func req(_ m: AllocMethod, _ mode: ContigMode = .default, gfp: GFPPreset = .kernel) -> AllocRequest {
            AllocRequest(method: m, order: order, count: count, gfp: gfp, mode: mode,
                         cmaArea: m == .allocPages ? nil : cmaArea)
        }
        var list = [req(.cmaWhole)]
        if !quick { list += [req(.cmaPerChunk), req(.cmaPerChunkResume)] }
        list += [
            req(.allocPages), req(.allocPages, gfp: .highuserMovable),
            req(.contigRange), req(.contigRange, .normal),
            req(.rangeBulk, .fast), req(.rangeBulk, .normal), req(.rangeBulk, .hard),
        ]
        if !quick { list += [req(.cmaBulk, .fast), req(.cmaBulk, .normal)] }
        return list
    }

    func run() throws {
        let trials = quick ? 2 : Int(clamping: scenario.trials)
        let count = quick ? min(pieces.count, 480) : pieces.count
        let schedule = order.schedule
        let (result, afterwards) = try module.withControl { control in
            let info = try control.info()
            guard let area = info.cmaArea(named: pieces.cma) else {
                throw HarnessError.noCMAArea(pieces.cma, have: info.cmaAreas.map(\.name))
            }
            let requests = methods(area, count: count).filter { info.supports($0.method) }
            let baseline = try Invariants.capture(control)
            _ = try SnapshotSource.capture(into: scenario.out + "/before")
            var records: [AllocTrial] = []
            let range = CensusRange.cmaArea(area)
            try workload.during {
                for (t, round) in schedule.rounds(requests, count: trials).enumerated() {
                    for request in round {
                        let wait = try schedule.waitForRefill(control, range, blockOrder: info.pageblockOrder)
                        var record = try TrialRunner.run(control, request, trial: t, census: range,
                                                         blockOrder: info.pageblockOrder)
                        record.refillWait = wait
                        records.append(record)
                        Progress.line("trial \(t + 1)/\(trials) \(request.label): "
                            + "\(record.result.obtained)/\(count)")
                    }
                }
            }
            _ = try SnapshotSource.capture(into: scenario.out + "/after")
            // Checked after the trials are written: an hour of trials is
            // worth keeping even when the invariants then fail the run.
            let afterwards = Result { try Invariants.capture(control).check(against: baseline) }
            return (AllocationDocument(
                scenario: .highorder, context: RunContextProbe.context(info),
                parameters: AllocationParameters(order: pieces.order, count: count, cma: pieces.cma, trials: trials,
                                                 workload: workload.workload, schedule: schedule),
                trials: records), afterwards)
        }
        print(AllocationText.render(result))
        try scenario.output.write(ResultDocument.allocation(result), as: "highorder.json")
        try afterwards.get()
    }
}
