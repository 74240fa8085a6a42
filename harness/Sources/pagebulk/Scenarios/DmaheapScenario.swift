import ArgumentParser
import PagebulkKit
import PagebulkReport

/// Issue 15: a 300 MiB dma-buf from each heap a camera or codec driver
/// could use, as userspace gets it: the 6.12 system heap, the 6.12 CMA
/// heap (one cma_alloc() of the whole buffer), and the chunk heap
/// (cma_alloc_bulk() of order-N chunks, FAST then NORMAL, or FAST only),
/// interleaved per round, each buffer mapped, touched, its frames read
/// from /proc/self/pagemap, and freed.
struct DmaheapScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dmaheap",
        abstract: "A 300 MiB dma-buf from the system, reserved (CMA) and chunk heaps: yield, latency, sg layout.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var order: ScheduleOptions
    @OptionGroup var heap: HeapOptions
    @Flag(help: "A short run for make test: 2 trials of at most 64 MiB.")
    var quick = false

    func run() throws {
        let trials = quick ? 2 : Int(clamping: scenario.trials)
        let length = (quick ? min(heap.sizeMib, 64) : heap.sizeMib) << 20
        let schedule = order.schedule
        let (result, afterwards) = try module.withControl { control in
            let info = try control.info()
            guard let area = info.cmaArea(named: heap.cma) else {
                throw HarnessError.noCMAArea(heap.cma, have: info.cmaAreas.map(\.name))
            }
            var present: [HeapVariant] = []
            for h in heap.heaps where try DMAHeap.exists(h.deviceName) { present.append(h) }
            let missing = heap.heaps.filter { !present.contains($0) }
            guard !present.isEmpty else { throw DMAHeapError.noHeap(heap.heaps[0].deviceName) }
            for h in missing { Progress.line("no \(DMAHeap.path(h.deviceName)): \(h.title) left out") }
            let chunkOrder = present.contains { $0.deviceName == "chunk" } ? try ChunkHeapParameters().order() : nil
            let runner = try HeapTrialRunner(area: area, blockOrder: info.pageblockOrder, chunkOrder: chunkOrder)
            let baseline = try Invariants.capture(control)
            _ = try SnapshotSource.capture(into: scenario.out + "/before")
            var records: [HeapTrial] = []
            try workload.during {
                for (t, round) in schedule.rounds(present, count: trials).enumerated() {
                    for h in round {
                        let wait = try schedule.waitForRefill(control, .cmaArea(area), blockOrder: info.pageblockOrder)
                        var record = try runner.run(control, h, length: length, trial: t)
                        record.refillWait = wait
                        records.append(record)
                        Progress.line("trial \(t + 1)/\(trials) \(h.title): "
                            + (record.errnoName ?? record.sg.map { "\($0.entries) sg entries in \($0.runs) runs" } ?? "ok")
                            + " in \(record.allocNs / 1_000_000) ms")
                    }
                }
            }
            _ = try SnapshotSource.capture(into: scenario.out + "/after")
            // Checked after the trials are written, as highorder does.
            let afterwards = Result { try Invariants.capture(control).check(against: baseline) }
            let parameters = HeapParameters(length: length, trials: trials, heaps: present, missing: missing,
                                            chunkOrder: chunkOrder, cma: heap.cma, workload: workload.workload,
                                            schedule: schedule)
            return (HeapDocument(context: RunContextProbe.context(info), parameters: parameters, trials: records),
                    afterwards)
        }
        print(HeapText.render(result))
        try scenario.output.write(ResultDocument.dmaheap(result), as: "dmaheap.json")
        try afterwards.get()
    }
}
