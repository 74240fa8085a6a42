import PagebulkKit

/// One of the seeds' bars against one run: what the seed reported, the bar
/// this project holds the series to, the run's figure with its 95%
/// interval, and the verdict. The terminal prints it as a line, the page as
/// a row of the summary table.
public struct SeedBar: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case met
        case missed
        /// The run holds no document this bar can be judged on.
        case absent = "not in this run"
    }

    public var experiment: String
    /// The seed's own figure, as its mail reported it.
    public var seed: String
    public var bar: String
    /// The run's figure; for an absent bar, what the bar needs.
    public var figure: String
    /// The figure's 95% interval; "-" where the figure is one count or a
    /// ratio of counts, which carry none.
    public var interval: String
    public var verdict: Verdict

    static func absent(_ experiment: String, seed: String, bar: String, needs: String = "") -> SeedBar {
        SeedBar(experiment: experiment, seed: seed, bar: bar, figure: needs, interval: "-", verdict: .absent)
    }

    /// "highorder (seed: ...): figure [95% interval]; bar ...: met".
    public var line: String {
        guard verdict != .absent else {
            return "\(experiment): not in this run" + (figure.isEmpty ? "" : " (\(figure))")
        }
        return "\(experiment) (seed: \(seed)): \(figure)" + (interval == "-" ? "" : " [95%: \(interval)]")
            + "; bar \(bar): \(verdict.rawValue)"
    }
}

/// The five seed bars from whatever scenarios a run holds; a bar whose
/// scenario the run lacks says so.
public enum SeedSummary {
    public static func bars(_ documents: [ResultDocument]) -> [SeedBar] {
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
            // No seed set a bar for the heaps: its table stands alone.
            case .dmaheap: break
            }
        }
        return [highorder(allocation[.highorder]), pins(allocation[.pins]), order0Alloc(order0),
                order0Free(order0), fragmentationBar(fragmentation)]
    }

    public static func lines(_ documents: [ResultDocument]) -> [String] { bars(documents).map(\.line) }

    static func ms(_ ns: Double?) -> String { ns.map { fixed($0 / 1e6, 1) + " ms" } ?? "-" }

    static func percent(_ i: Interval?) -> String {
        i.map { "\(fixed($0.lower * 100, 0))-\(fixed($0.upper * 100, 0))%" } ?? "-"
    }

    /// Without the per-piece loop in the run (`--quick` leaves it out) the
    /// seed's own 300 ms stands in for the ratio.
    static func highorder(_ r: AllocationDocument?) -> SeedBar {
        let seed = "alloc_pages_bulk 7/10 full, <= 300 ms"
        let bar = "FAST full in >= 70% of trials, p50 <= 1/3 of the per-piece loop's"
        guard let r, let fast = r.method("range-bulk/fast") else { return .absent("highorder", seed: seed, bar: bar) }
        let loop = r.method("cma-chunk")
        let median = fast.latencyNs?.median ?? .infinity
        let fastEnough = loop?.latencyNs.map { median * 3 <= $0.median } ?? (median <= 300e6)
        let met = fast.fullRate.value >= 0.7 && fastEnough
        return SeedBar(
            experiment: "highorder", seed: seed, bar: bar,
            figure: "range-bulk FAST \(fast.fullSuccess)/\(fast.trials) full, p50 \(ms(fast.latencyNs?.median)) "
                + "vs cma_alloc per piece \(ms(loop?.latencyNs?.median)) (\(r.context.latencyLabel))",
            interval: "full \(percent(fast.fullRate.interval)), p50 "
                + (fast.latencyNs.map { "\(fixed($0.medianInterval.lower / 1e6, 1))-\(ms($0.medianInterval.upper))" } ?? "-"),
            verdict: met ? .met : .missed)
    }

    static func pins(_ r: AllocationDocument?) -> SeedBar {
        let seed = "one pinned page sinks a 300 MiB cma_alloc"
        let bar = "FAST gets >= 99% of the pieces in every trial at the largest K"
        guard let r, let k = r.summary.filter({ $0.pinGroup == nil }).compactMap(\.pins).max(), let fast = r.method("cma-bulk/fast", pins: k)
        else { return .absent("pins", seed: seed, bar: bar) }
        let whole = r.summary.filter { $0.label == "cma-whole" && $0.pinGroup == nil && ($0.pins ?? 0) > 0 }
        return SeedBar(
            experiment: "pins", seed: seed, bar: bar,
            figure: "whole cma_alloc full in \(whole.reduce(0) { $0 + $1.fullSuccess }) of "
                + "\(whole.reduce(0) { $0 + $1.trials }) pinned trials; cma_alloc_bulk FAST at K=\(k): "
                + "\(fast.fullSuccess)/\(fast.trials) full, worst \(fast.worstYield)",
            interval: "FAST full \(percent(fast.fullRate.interval))",
            verdict: Double(fast.worstYield) >= 0.99 * Double(fast.requested) ? .met : .missed)
    }

    /// Judged on the median table (`Order0MedianTable`): the worst batch's
    /// ratio of medians, with its bootstrap interval.
    static func order0Alloc(_ r: Order0Document?) -> SeedBar {
        let seed = "bulk 28-45% of single per page"
        let bar = "<= 40% per page, batches 8-128"
        guard let r, let worst = Order0MedianTable(r).worst()?.alloc else {
            return .absent("order0 alloc", seed: seed, bar: bar)
        }
        return SeedBar(experiment: "order0 alloc", seed: seed, bar: bar,
                       figure: "alloc_pages_bulk_array at most \(fixed(worst.ratio.value * 100, 1))% of the alloc_page loop "
                           + "(medians, batch \(worst.batch), n = \(worst.ratio.samples)), in \(r.context.costUnit)",
                       interval: percent1(worst.ratio.interval), verdict: worst.ratio.value <= 0.40 ? .met : .missed)
    }

    /// free_pages_bulk() is there to free many pages in one call, not to be
    /// faster: the bar is 80% of the loop, and no dearer than release_pages().
    static func order0Free(_ r: Order0Document?) -> SeedBar {
        let seed = "bulk 57-75% of single per page"
        let bar = "<= 80% per page and no more than release_pages, batches 8-128"
        guard let r else { return .absent("order0 free", seed: seed, bar: bar) }
        let table = Order0MedianTable(r)
        guard let worst = table.worst()?.free else { return .absent("order0 free", seed: seed, bar: bar) }
        let notDearer = table.freeNotDearerThanRelease()
        return SeedBar(experiment: "order0 free", seed: seed, bar: bar,
                       figure: "free_pages_bulk at most \(fixed(worst.ratio.value * 100, 1))% of the __free_page loop "
                           + "(medians, batch \(worst.batch), n = \(worst.ratio.samples)), in \(r.context.costUnit)"
                           + (notDearer ? "" : "; dearer than release_pages"),
                       interval: percent1(worst.ratio.interval),
                       verdict: worst.ratio.value <= 0.80 && notDearer ? .met : .missed)
    }

    /// "36.5-36.7%": a ratio's interval to a tenth of a point.
    static func percent1(_ i: Interval?) -> String {
        i.map { "\(fixed($0.lower * 100, 1))-\(fixed($0.upper * 100, 1))%" } ?? "-"
    }

    /// Issue 16's primary metric: pageblocks holding unmovable pages per
    /// block the driver needs, compact's boots against alloc_page's; met
    /// when the interval of the difference of medians lies below zero and
    /// the permutation test gives p < 0.05 (docs/fragmentation.md's bar).
    static func fragmentationBar(_ runs: [FragmentationDocument]) -> SeedBar {
        let seed = "Unmovable free order-0 3864 -> 8 (3.16)"
        let bar = "compact - alloc_page unmovable-block ratio: 95% interval below 0 and permutation p < 0.05"
        let ratios = { (m: AllocMethod) in
            runs.filter { $0.driver.method == m }.compactMap { $0.samples.last?.unmovableBlockRatio }
        }
        guard let d = MedianDifference(ratios(.allocPages), ratios(.compact)) else {
            return .absent("fragmentation", seed: seed, bar: bar, needs: "needs alloc-pages and compact boots with samples")
        }
        return SeedBar(experiment: "fragmentation", seed: seed, bar: bar,
                       figure: "difference \(fixed(d.difference, 3)) (\(d.countA)+\(d.countB) boots, "
                           + "p = \(fixed(d.permutationP, 3)))",
                       interval: "\(fixed(d.interval.lower, 3)), \(fixed(d.interval.upper, 3))",
                       verdict: d.interval.upper < 0 && d.permutationP < 0.05 ? .met : .missed)
    }
}
