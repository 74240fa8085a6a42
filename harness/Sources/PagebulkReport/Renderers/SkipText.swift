import PagebulkKit

/// Why the chunked methods skipped chunks, summed over each method's
/// trials: the reason per chunk, then what the busy chunks' pages were.
public enum SkipText {
    /// nil when no method of the document walked chunks with reasons.
    public static func table(_ d: AllocationDocument) -> TextTable? {
        let rows = d.summary.compactMap { s in s.skips.map { (s, $0) } }
        guard !rows.isEmpty else { return nil }
        let states = SkipReasons().busyPages.map(\.state)
        var table = TextTable(["method", "skipped", "other type", "isolation", "busy"]
                              + states.map { "busy pages: \($0)" })
        for (s, r) in rows {
            table.add([s.subject, "\(r.chunks)", "\(r.otherType)", "\(r.isolation)", "\(r.busy)"]
                      + r.busyPages.map { "\($0.pages)" })
        }
        return table
    }
}
