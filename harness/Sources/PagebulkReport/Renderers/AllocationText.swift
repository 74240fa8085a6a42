import PagebulkKit

/// The per-method table of an allocation scenario.
public enum AllocationText {
    /// The table's rows as cells, for the terminal and the HTML page alike.
    public static func table(_ d: AllocationDocument) -> TextTable {
        let grouped = d.summary.contains { $0.pins != nil }
        var table = TextTable((grouped ? ["pins"] : []) + ["method", "trials", "full", "full 95%", "worst yield",
                                                          "p50 ms", "p50 95%", "p90 ms", "p99 ms", "max ms",
                                                          "migrated", "max skipped"])
        for s in d.summary {
            let l = s.latencyNs
            table.add((grouped ? [s.pinGroup.map { "\($0) \(s.pins ?? 0)" } ?? s.pins.map(String.init) ?? ""] : []) + [
                s.label, "\(s.trials)", "\(s.fullSuccess)/\(s.trials)", percentInterval(s.fullRate.interval),
                "\(s.worstYield)/\(s.requested)", ms(l?.median), msInterval(l?.medianInterval), ms(l?.p90),
                ms(l?.p99), ms(l?.max), "\(s.pagesMigrated)", "\(s.chunksSkipped)"])
        }
        return table
    }

    public static func render(_ d: AllocationDocument) -> String {
        let p = d.parameters
        return "\(d.scenario.rawValue): \(p.count) x order-\(p.order) from \(p.cma), \(p.trials) trials, load: "
            + (p.workload.map(\.description) ?? "none") + "; on \(d.context.kernelRelease); latencies are "
            + "\(d.context.latencyLabel) time; p90 needs 10 trials, p99 100\n" + table(d).render()
            + (CensusText.table(d).map { "\nthe range just before each call (census; medians):\n" + $0.render() } ?? "")
            + (SkipText.table(d).map { "\nwhy chunks were skipped (kernel counts, summed over trials):\n" + $0.render() } ?? "")
            + ShortCallText.lines(d).map { "\n" + $0 }.joined()
            + (PinsText.render(d).map { "\n" + $0 } ?? "")
    }

    static func ms(_ ns: Double?) -> String { ns.map { fixed($0 / 1e6, 1) } ?? "-" }

    static func msInterval(_ i: Interval?) -> String {
        i.map { "\(fixed($0.lower / 1e6, 1))-\(fixed($0.upper / 1e6, 1))" } ?? "-"
    }

    static func percentInterval(_ i: Interval?) -> String {
        i.map { "\(fixed($0.lower * 100, 0))-\(fixed($0.upper * 100, 0))%" } ?? "-"
    }
}
