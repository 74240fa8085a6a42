import PagebulkKit

/// Five lines against the seeds' figures, from whatever scenarios a run
/// holds; a scenario the run lacks says so.
public enum SeedSummary {
    public static func lines(_ documents: [ResultDocument]) -> [String] {
        var allocation: [Scenario: AllocationDocument] = [:]
        var order0: Order0Document?
        var fragmentation: [FragmentationDocument] = []
        for doc in documents {
            switch doc {
            case let .allocation(d): allocation[d.scenario] = allocation[d.scenario] ?? d
            // The instruction-count run, where there is one: host noise
            // does not reach it.
            case let .order0(d): if order0 == nil || d.context.accel == "tcg-icount" { order0 = d }
            case let .fragmentation(d): fragmentation.append(d)
            }
        }
        return [highorder(allocation[.highorder]), pins(allocation[.pins]), order0Alloc(order0),
                order0Free(order0), fragmentationLine(fragmentation)]
    }

    static func ms(_ ns: Double?) -> String { ns.map { fixed($0 / 1e6, 1) + " ms" } ?? "-" }

    static func highorder(_ r: AllocationDocument?) -> String {
        guard let r, let fast = r.method("range-bulk/fast") else { return "highorder: not in this run" }
        let loop = r.method("cma-chunk")
        return "highorder (seed: alloc_pages_bulk 7/10 full, <= 300 ms): range-bulk FAST \(fast.fullSuccess)/\(fast.trials) "
            + "full, p50 \(ms(fast.latencyNs?.median)) vs cma_alloc per piece \(ms(loop?.latencyNs?.median)) (\(r.context.latencyLabel))"
    }

    static func pins(_ r: AllocationDocument?) -> String {
        guard let r else { return "pins: not in this run" }
        let k = r.summary.compactMap(\.pins).max() ?? 0
        let fast = r.method("cma-bulk/fast", pins: k)
        let whole = r.summary.filter { $0.label == "cma-whole" && ($0.pins ?? 0) > 0 }
        return "pins (seed: one pinned page sinks a 300 MiB cma_alloc): whole cma_alloc full in "
            + "\(whole.reduce(0) { $0 + $1.fullSuccess }) of \(whole.reduce(0) { $0 + $1.trials }) pinned trials; "
            + "cma_alloc_bulk FAST at K=\(k): \(fast.map { "\($0.fullSuccess)/\($0.trials) full, worst \($0.worstYield)" } ?? "-")"
    }

    static func order0Alloc(_ r: Order0Document?) -> String {
        guard let r, let worst = Order0Table(r).worstRatios() else { return "order0 alloc: not in this run" }
        return "order0 alloc (seed: bulk 28-45% of single per page): alloc_pages_bulk_array at most "
            + "\(fixed(worst.alloc * 100, 1))% of the alloc_page loop, batches 8-128 (bar 40%)"
    }

    static func order0Free(_ r: Order0Document?) -> String {
        guard let r, let worst = Order0Table(r).worstRatios() else { return "order0 free: not in this run" }
        return "order0 free (bar: free_pages_bulk at most 80% of the __free_page loop and no more than "
            + "release_pages): at most \(fixed(worst.free * 100, 1))% of the loop, batches 8-128, in "
            + r.context.costUnit
    }

    static func fragmentationLine(_ runs: [FragmentationDocument]) -> String {
        guard let a = runs.first(where: { $0.driver.method == .allocPages }),
              let b = runs.first(where: { $0.driver.method == .compact }) else {
            return "fragmentation: not in this run (needs the alloc-pages and the compact boot)"
        }
        let fa = FragmentationFigures(a.after), fb = FragmentationFigures(b.after)
        return "fragmentation (seed: Unmovable free order-0 3864 -> 8): \(fa.unmovableOrder0Free) -> "
            + "\(fb.unmovableOrder0Free); free blocks of order >= 3 \(fa.freeBlocksOrder3Up) -> \(fb.freeBlocksOrder3Up)"
    }
}
