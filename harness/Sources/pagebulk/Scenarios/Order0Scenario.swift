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

    /// Single loops, then the bulk calls with each bulk free.
    static let combinations: [(Order0Alloc, Order0Free)] = [(.single, .single), (.bulk, .bulk), (.bulk, .release)]

    func run() throws {
        let pageOwner = try TextFile.exists("/sys/kernel/debug/page_owner")
        if pageOwner {
            Progress.line("page_owner is on: alloc_pages_bulk_array() falls back to single pages; boot without page_owner=on")
        }
        let result = try module.withControl { control in
            let info = try control.info()
            let pcp = try Self.pcpLimits()
            let baseline = try Invariants.capture(control)
            var runs: [Order0Run] = []
            for batch in batches {
                for (a, f) in Self.combinations {
                    runs.append(try control.order0(alloc: a, free: f, batch: batch, iterations: iterations,
                                                   warmup: warmup))
                }
                Progress.line("batch \(batch): done")
            }
            try Invariants.capture(control).check(against: baseline)
            return Order0Document(
                context: RunContextProbe.context(info),
                parameters: Order0Parameters(iterations: iterations, warmup: warmup, pageOwner: pageOwner),
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
