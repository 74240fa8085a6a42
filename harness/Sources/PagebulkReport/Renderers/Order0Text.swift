import PagebulkKit

/// The order-0 experiment as the terminal shows it: Mel's table by mean
/// and by median, the per-cpu list sizes, and the bar.
public enum Order0Text {
    public static func render(_ d: Order0Document) -> String {
        let table = Order0Table(d), medians = Order0Table(d, statistic: .median)
        let label = d.context.latencyLabel, unit = d.context.costUnit
        var text = table.render(latencyLabel: label, unit: unit) + "\n\n"
            + medians.render(latencyLabel: label, unit: unit)
        let limits = Dictionary(grouping: d.pcp, by: \.zone).map { zone, cpus in
            "\(zone) high \(cpus.map(\.high).max() ?? 0) batch \(cpus.map(\.batch).max() ?? 0)"
        }.sorted()
        text += "\nper-cpu lists: " + limits.joined(separator: "; ")
        for t in [table, medians] {
            guard let worst = t.worstRatios() else { continue }
            text += "\nbatches 8-128, worst per-page ratio to the single loop (\(t.statistic.rawValue)): "
                + "alloc_pages_bulk_array \(fixed(worst.alloc * 100, 1))% (bar 40%), "
                + "free_pages_bulk \(fixed(worst.free * 100, 1))% (bar 80%, and no more than release_pages)"
        }
        let preempted = d.runs.reduce(UInt64(0)) { $0.saturatingAdd(UInt64($1.preempted)) }
        text += "\n\(d.runs.count) runs of \(d.parameters.iterations) iterations, \(preempted) iterations re-run "
            + "after a task switch" + (d.parameters.pageOwner ? "; page_owner was on (bulk falls back)" : "")
        return text
    }
}
