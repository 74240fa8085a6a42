import PagebulkKit

/// The order-0 experiment as the terminal shows it: the medians with their
/// bootstrap intervals and n (issue 16), Mel's table by mean as he printed
/// it, the per-cpu list sizes, and the bars.
public enum Order0Text {
    public static func render(_ d: Order0Document) -> String {
        let medians = Order0MedianTable(d), table = Order0Table(d)
        let label = d.context.latencyLabel, unit = d.context.costUnit
        var text = medians.render(latencyLabel: label, unit: unit) + "\n\n"
            + "Mel Gorman's layout, arithmetic mean, no interval:\n" + table.render(latencyLabel: label, unit: unit)
        let limits = Dictionary(grouping: d.pcp, by: \.zone).map { zone, cpus in
            "\(zone) high \(cpus.map(\.high).max() ?? 0) batch \(cpus.map(\.batch).max() ?? 0)"
        }.sorted()
        text += "\nper-cpu lists: " + limits.joined(separator: "; ")
        if let worst = medians.worst() {
            text += "\nbatches 8-128, worst per-page ratio to the single loop (Median, 95% interval): "
                + "alloc_pages_bulk_array \(ratio(worst.alloc)) (bar 40%), "
                + "free_pages_bulk \(ratio(worst.free)) (bar 80%, and no more than release_pages"
                + (medians.freeNotDearerThanRelease() ? ": met)" : ": missed)")
        }
        if let worst = table.worstRatios() {
            text += "\nbatches 8-128, worst per-page ratio to the single loop (Amean): "
                + "alloc_pages_bulk_array \(fixed(worst.alloc * 100, 1))% (bar 40%), "
                + "free_pages_bulk \(fixed(worst.free * 100, 1))% (bar 80%, and no more than release_pages)"
        }
        let preempted = d.runs.reduce(UInt64(0)) { $0.saturatingAdd(UInt64($1.preempted)) }
        text += "\n\(d.runs.count) runs of \(d.parameters.iterations) iterations, \(preempted) iterations re-run "
            + "after a task switch" + (d.parameters.pageOwner ? "; page_owner was on (bulk falls back)" : "")
        return text
    }

    /// "36.6% [36.5, 36.7] at batch 8".
    static func ratio(_ w: Order0MedianTable.Worst) -> String {
        Order0MedianTable.percent(w.ratio) + " at batch \(w.batch)"
    }
}
