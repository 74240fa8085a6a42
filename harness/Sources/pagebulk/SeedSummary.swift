import PagebulkKit

/// Five lines against the seeds' figures, from whatever scenarios a run
/// holds; a scenario the run lacks says so.
enum SeedSummary {
    static func lines(_ documents: [CompareCommand.Document]) -> [String] {
        var scenarios: [String: ScenarioResult] = [:]
        var order0: Order0Result?
        var fragmentation: [FragmentationResult] = []
        for doc in documents {
            switch doc.scenario {
            case "order0": order0 = try? JSON.decode(Order0Result.self, from: doc.text)
            case "fragmentation":
                if let r = try? JSON.decode(FragmentationResult.self, from: doc.text) { fragmentation.append(r) }
            default: scenarios[doc.scenario] = try? JSON.decode(ScenarioResult.self, from: doc.text)
            }
        }
        return [highorder(scenarios["highorder"]), pins(scenarios["pins"]), order0Alloc(order0),
                order0Free(order0), fragmentationLine(fragmentation)]
    }

    static func ms(_ ns: UInt64?) -> String { ns.map { fixed(Double($0) / 1e6, 1) + " ms" } ?? "-" }

    static func highorder(_ r: ScenarioResult?) -> String {
        guard let r, let fast = r.summary.first(where: { $0.label == "range-bulk/fast" }) else {
            return "highorder: not in this run"
        }
        let loop = r.summary.first { $0.label == "cma-chunk" }
        return "highorder (seed: alloc_pages_bulk 7/10 full, <= 300 ms): range-bulk FAST \(fast.fullSuccess)/\(fast.trials) "
            + "full, p50 \(ms(fast.latencyNs?.p50)) vs cma_alloc per piece \(ms(loop?.latencyNs?.p50)) (\(r.context.latencyLabel))"
    }

    static func pins(_ r: ScenarioResult?) -> String {
        guard let r else { return "pins: not in this run" }
        let k = r.summary.compactMap(\.group).compactMap { Int($0.dropFirst(5)) }.max() ?? 0
        let group = "pins=\(k)"
        let fast = r.summary.first { $0.label == "cma-bulk/fast" && $0.group == group }
        let whole = r.summary.filter { $0.label == "cma-whole" && $0.group != "pins=0" }
        return "pins (seed: one pinned page sinks a 300 MiB cma_alloc): whole cma_alloc full in "
            + "\(whole.reduce(0) { $0 + $1.fullSuccess }) of \(whole.reduce(0) { $0 + $1.trials }) pinned trials; "
            + "cma_alloc_bulk FAST at K=\(k): \(fast.map { "\($0.fullSuccess)/\($0.trials) full, worst \($0.worstYield)" } ?? "-")"
    }

    static func order0Alloc(_ r: Order0Result?) -> String {
        guard let r, let worst = Order0Table(r).worstRatios() else { return "order0 alloc: not in this run" }
        return "order0 alloc (seed: bulk 28-45% of single per page): alloc_pages_bulk_array at most "
            + "\(fixed(worst.alloc * 100, 1))% of the alloc_page loop, batches 8-128 (bar 40%)"
    }

    static func order0Free(_ r: Order0Result?) -> String {
        guard let r, let worst = Order0Table(r).worstRatios() else { return "order0 free: not in this run" }
        return "order0 free (seed: bulk 57-75% of single per page): free_pages_bulk at most "
            + "\(fixed(worst.free * 100, 1))% of the __free_page loop, batches 8-128 (bar 70%)"
    }

    static func fragmentationLine(_ runs: [FragmentationResult]) -> String {
        guard let a = runs.first(where: { $0.driver.method == .allocPages }),
              let b = runs.first(where: { $0.driver.method == .compact }) else {
            return "fragmentation: not in this run (needs the alloc-pages and the compact boot)"
        }
        let fa = FragmentationFigures(a.after), fb = FragmentationFigures(b.after)
        return "fragmentation (seed: Unmovable free order-0 3864 -> 8): \(fa.unmovableOrder0Free) -> "
            + "\(fb.unmovableOrder0Free); free blocks of order >= 3 \(fa.freeBlocksOrder3Up) -> \(fb.freeBlocksOrder3Up)"
    }
}
