import PagebulkKit

/// The pins scenario's own tables: each method's yield against the bound
/// its pins leave (`PinBound`), and which cma_alloc_bulk() mode wins under
/// transient pins, with intervals.
public enum PinsText {
    /// One row per group and method with a bound, transient pins aside.
    public static func boundTable(_ d: AllocationDocument) -> TextTable? {
        let rows = d.summary.filter { $0.bound != nil && $0.pinGroup != PinsGroup.transient.rawValue
            && ($0.pins ?? 0) > 0 }
        guard !rows.isEmpty else { return nil }
        var table = TextTable(["pins", "method", "trials", "requested", "bound", "reachable", "worst yield",
                               "p50 yield", "worst/reach", "within 1 %", "p50 ms"])
        for s in rows {
            guard let b = s.bound else { continue }
            let yields = LatencySummary(d.trials(of: s).map(\.result.obtained))
            table.add([s.group ?? "", s.label, "\(s.trials)", "\(s.requested)", range(b.lowestBound, b.highestBound),
                       range(b.lowestReachable, b.highestReachable),
                       "\(s.worstYield)", yields.map { fixed($0.median, 0) } ?? "-",
                       fixed(b.worstRatio * 100, 2) + " %", "\(b.withinOnePercent)/\(b.trials)",
                       AllocationText.ms(s.latencyNs?.median)])
        }
        return table
    }

    /// The transient group: full-yield rates (Wilson) and medians (bootstrap).
    public static func transientTable(_ d: AllocationDocument) -> TextTable? {
        let rows = transientRows(d)
        guard !rows.isEmpty else { return nil }
        var table = TextTable(["method", "trials", "full", "full 95%", "p50 yield", "yield 95%", "p50 ms",
                               "p50 95%", "dropped by end"])
        for r in rows {
            table.add([r.summary.label, "\(r.summary.trials)", "\(r.summary.fullSuccess)/\(r.summary.trials)",
                       AllocationText.percentInterval(r.summary.fullRate.interval),
                       r.yield.map { fixed($0.median, 0) } ?? "-",
                       r.yield.map { "\(fixed($0.medianInterval.lower, 0))-\(fixed($0.medianInterval.upper, 0))" }
                           ?? "-",
                       AllocationText.ms(r.summary.latencyNs?.median),
                       AllocationText.msInterval(r.summary.latencyNs?.medianInterval),
                       r.dropped.map { fixed($0, 0) } ?? "-"])
        }
        return table
    }

    /// Which mode wins under transient pins, by full-yield rate, median
    /// yield and median latency; a win needs its interval clear of every
    /// other mode's.
    public static func transientVerdict(_ d: AllocationDocument) -> [String] {
        let rows = transientRows(d)
        guard rows.count > 1 else { return [] }
        return [
            Winner.line("full yield", rows.map { ($0.summary.label, $0.summary.fullRate) }, higherIsBetter: true,
                        format: { fixed($0 * 100, 0) + " %" }),
            Winner.line("median yield", rows.compactMap { r in r.yield.map { (r.summary.label, $0.medianEstimate) } },
                        higherIsBetter: true, format: { fixed($0, 0) }),
            Winner.line("median latency", rows.compactMap { r in
                r.summary.latencyNs.map { (r.summary.label, $0.medianEstimate) }
            }, higherIsBetter: false, format: { fixed($0 / 1e6, 1) + " ms" }),
        ]
    }

    public static func render(_ d: AllocationDocument) -> String? {
        var parts: [String] = []
        if let t = boundTable(d) {
            parts.append("yield against the bound (bound: order-\(d.parameters.order) windows of the area holding no "
                         + "pin, less those the census shows unmovable; reachable: min(requested, bound); bar: "
                         + "within 1 % of reachable):\n"
                         + t.render())
        }
        if let t = transientTable(d) {
            let groups = d.parameters.pins?.held.filter { $0.group == PinsGroup.transient.rawValue } ?? []
            let hold = groups.first
            // Merged boots: one seed each.
            let seeds = groups.compactMap(\.seed).map(String.init).joined(separator: ", ")
            parts.append("transient pins (K=\(hold?.pins ?? 0) at random, each held "
                         + "\(hold?.hold?.description ?? "?"), seed \(seeds.isEmpty ? "?" : seeds) + trial; "
                         + "full 95% Wilson, medians 95% bootstrap):\n" + t.render()
                         + transientVerdict(d).map { "\n" + $0 }.joined())
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n")
    }

    struct TransientRow {
        var summary: MethodSummary
        var yield: LatencySummary?
        /// Median pins the module had dropped by the end of the call.
        var dropped: Double?
    }

    static func transientRows(_ d: AllocationDocument) -> [TransientRow] {
        d.summary.filter { $0.pinGroup == PinsGroup.transient.rawValue }.map { s in
            let mine = d.trials(of: s)
            return TransientRow(summary: s, yield: LatencySummary(mine.map(\.result.obtained)),
                                dropped: Quantiles(mine.compactMap { $0.pinResult?.expired })?.median)
        }
    }

    static func range(_ lo: UInt64, _ hi: UInt64) -> String { lo == hi ? "\(lo)" : "\(lo)-\(hi)" }
}

/// The best of several estimates, if its 95% interval clears the others'.
public enum Winner {
    public static func line(_ what: String, _ candidates: [(String, Estimate)], higherIsBetter: Bool,
                            format: (Double) -> String) -> String {
        let ordered = candidates.sorted { higherIsBetter ? $0.1.value > $1.1.value : $0.1.value < $1.1.value }
        guard let best = ordered.first else { return "\(what): no trials" }
        guard let second = ordered.dropFirst().first else { return "\(what): only \(best.0)" }
        let overlapping = ordered.dropFirst().filter { other in
            guard let a = best.1.interval, let b = other.1.interval else { return true }
            return a.overlaps(b)
        }
        if overlapping.isEmpty {
            return "\(what): \(best.0) wins (\(format(best.1.value)) vs \(second.0) \(format(second.1.value)); "
                + "95% intervals apart)"
        }
        return "\(what): no mode wins: \(best.0) \(format(best.1.value)), intervals overlap "
            + overlapping.map { "\($0.0) (\(format($0.1.value)))" }.joined(separator: ", ")
    }
}

extension AllocationDocument {
    /// The trials behind one summary row.
    public func trials(of s: MethodSummary) -> [AllocTrial] {
        trials.filter { $0.request.label == s.label && $0.pins == s.pins && $0.pinGroup == s.pinGroup }
    }
}
