import ArgumentParser
import PagebulkKit
import PagebulkProc
import PagebulkReport

/// Mel Gorman's 2017 table on 6.12: per-page cost of order-0 allocation
/// and freeing, one page at a time against the bulk calls, batch by batch.
struct Order0Scenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order0",
        abstract: "Per-page cost of alloc_page/__free_page loops vs alloc_pages_bulk_array, free_pages_bulk, release_pages.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var output: OutputDirectory
    @Option(parsing: .upToNextOption, help: "Batch sizes (pages per iteration).")
    var batches: [UInt32] = (0...14).map { 1 << $0 }
    @Option(help: "Measured iterations per batch size and method.") var iterations: UInt32 = 100
    @Option(help: "Unmeasured iterations run first.") var warmup: UInt32 = 10
    @Flag(help: "Run single iterations of every method and batch in a shuffled order, so drift favours none.")
    var interleave = false
    @Option(help: "Seed of the interleaved order; drawn and recorded when not given.") var orderSeed: UInt64?

    /// Single loops, then the bulk calls with each bulk free.
    static let combinations: [(Order0Alloc, Order0Free)] = [(.single, .single), (.bulk, .bulk), (.bulk, .release)]

    /// Each method and batch as one block of iterations, as Mel's bench ran.
    func blocks(_ control: borrowing ControlFile) throws -> [Order0Run] {
        var runs: [Order0Run] = []
        for batch in batches {
            for (a, f) in Self.combinations {
                runs.append(try control.order0(alloc: a, free: f, batch: batch, iterations: iterations,
                                               warmup: warmup))
            }
            Progress.line("batch \(batch): done")
        }
        return runs
    }

    /// Every method and batch warmed up once, then one iteration per call,
    /// all of them in a new shuffled order each round.
    func interleaved(_ control: borrowing ControlFile, seed: UInt64) throws -> [Order0Run] {
        let keys = batches.flatMap { b in Self.combinations.map { Order0Key(alloc: $0.0, free: $0.1, batch: b) } }
        var runs: [Order0Key: Order0Run] = [:]
        for k in keys {
            var warm = try control.order0(alloc: k.alloc, free: k.free, batch: k.batch, iterations: 1, warmup: warmup)
            warm.samples = []
            runs[k] = warm
        }
        let schedule = TrialSchedule(seed: seed, refillPercent: 0, refillTimeoutSeconds: 0)
        for (i, round) in schedule.rounds(keys, count: Int(iterations)).enumerated() {
            for k in round {
                let one = try control.order0(alloc: k.alloc, free: k.free, batch: k.batch, iterations: 1, warmup: 0)
                guard var run = runs[k] else { continue }
                run.samples += one.samples
                run.preempted = run.preempted.saturatingAdd(one.preempted)
                run.short = run.short.saturatingAdd(one.short)
                runs[k] = run
            }
            if (i + 1) % 10 == 0 { Progress.line("round \(i + 1)/\(iterations): done") }
        }
        return keys.compactMap { runs[$0] }
    }

    /// A fixed default, so that two boots without --order-seed replay the
    /// same order (the determinism check compares exactly that).
    var seed: UInt64 { orderSeed ?? 0x5eed_0000 }

    func run() throws {
        let pageOwner = try TextFile.exists("/sys/kernel/debug/page_owner")
        if pageOwner {
            Progress.line("page_owner is on: alloc_pages_bulk_array() falls back to single pages; boot without page_owner=on")
        }
        let result = try module.withControl { control in
            let info = try control.info()
            let pcp = try Self.pcpLimits()
            let baseline = try Invariants.capture(control)
            let runs = try interleave ? interleaved(control, seed: seed) : blocks(control)
            try Invariants.capture(control).check(against: baseline)
            return Order0Document(
                context: RunContextProbe.context(info),
                parameters: Order0Parameters(iterations: iterations, warmup: warmup, pageOwner: pageOwner,
                                             interleaveSeed: interleave ? seed : nil),
                pcp: pcp, runs: runs)
        }
        print(Order0Text.render(result))
        try output.write(ResultDocument.order0(result), as: "order0.json")
    }

    static func pcpLimits() throws -> [Order0Document.PCPLimits] {
        let zones = try ZoneInfo(parsing: TextFile.read("/proc/zoneinfo")).zones
        return zones.filter { ($0.managed ?? 0) > 0 }.flatMap { zone in
            zone.pagesets.map { Order0Document.PCPLimits(zone: zone.name, cpu: $0.cpu, high: $0.high, batch: $0.batch) }
        }
    }
}

/// One method and batch of the order-0 benchmark.
struct Order0Key: Hashable {
    var alloc: Order0Alloc
    var free: Order0Free
    var batch: UInt32
}
