import ArgumentParser
import PagebulkKit
import PagebulkProc

/// Mel Gorman's 2017 table on 6.12: per-page cost of order-0 allocation
/// and freeing, one page at a time against the bulk calls, batch by batch.
struct Order0Scenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order0",
        abstract: "Per-page cost of alloc_page/__free_page loops vs alloc_pages_bulk_array, free_pages_bulk, release_pages.")

    @OptionGroup var module: ModuleOptions
    @Option(help: "Directory for order0.json.") var out: String = "."
    @Option(parsing: .upToNextOption, help: "Batch sizes (pages per iteration).")
    var batches: [UInt32] = (0...14).map { 1 << $0 }
    @Option(help: "Measured iterations per batch size and method.") var iterations: UInt32 = 100
    @Option(help: "Unmeasured iterations run first.") var warmup: UInt32 = 10

    /// Single loops, then the bulk calls with each bulk free.
    static let combinations: [(Order0Alloc, Order0Free)] = [(.single, .single), (.bulk, .bulk), (.bulk, .release)]

    func run() throws {
        let pageOwner = TextFile.exists("/sys/kernel/debug/page_owner")
        if pageOwner {
            FileHandleOutput.progress("page_owner is on: alloc_pages_bulk_array() falls back to single pages; boot without page_owner=on")
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
                FileHandleOutput.progress("batch \(batch): done")
            }
            try Invariants.capture(control).check(against: baseline)
            let parameters = ["iterations": "\(iterations)", "warmup": "\(warmup)", "gfp": "GFP_KERNEL",
                              "page_owner": pageOwner ? "on" : "off"]
            return Order0Result(context: ScenarioOptions.context(info), parameters: parameters,
                                pcp: pcp, runs: runs)
        }
        try TextFile.write(try JSON.encode(result) + "\n", to: out + "/order0.json")
        print(Self.report(result))
        print("\nwrote \(out)/order0.json")
    }

    static func pcpLimits() throws -> [Order0Result.PCPLimits] {
        let zones = try ZoneInfo(parsing: TextFile.read("/proc/zoneinfo")).zones
        return zones.filter { ($0.managed ?? 0) > 0 }.flatMap { zone in
            zone.pagesets.map { Order0Result.PCPLimits(zone: zone.name, cpu: $0.cpu, high: $0.high, batch: $0.batch) }
        }
    }

    static func report(_ result: Order0Result) -> String {
        let table = Order0Table(result), medians = Order0Table(result, statistic: .median)
        var text = table.render(latencyLabel: result.context.latencyLabel) + "\n\n"
            + medians.render(latencyLabel: result.context.latencyLabel)
        let limits = Dictionary(grouping: result.pcp, by: \.zone).map { zone, cpus in
            "\(zone) high \(cpus.map(\.high).max() ?? 0) batch \(cpus.map(\.batch).max() ?? 0)"
        }.sorted()
        text += "\nper-cpu lists: " + limits.joined(separator: "; ")
        for t in [table, medians] {
            guard let worst = t.worstRatios() else { continue }
            text += "\nbatches 8-128, worst per-page ratio to the single loop (\(t.statistic.rawValue)): "
                + "alloc_pages_bulk_array \(fixed(worst.alloc * 100, 1))% (bar 40%), "
                + "free_pages_bulk \(fixed(worst.free * 100, 1))% (bar 70%)"
        }
        let preempted = result.runs.reduce(0) { $0 + Int($1.preempted) }
        text += "\n\(result.runs.count) runs, \(preempted) iterations re-run after a task switch"
        return text
    }
}
