import PagebulkKit

/// Seed 003's figures (Gioh Kim, RFCv2/v3, 3.16, Normal zone after the
/// driver took about 400 MiB): the historical comparison the boots report
/// ends with. Values verbatim from the mail (kernel-notes.md, "Figures").
public enum SeedFragmentation {
    /// Unmovable free blocks per order 0-10 after alloc_page().
    public static let unmovableAfterAllocPage: [UInt64] = [3864, 728, 394, 216, 129, 47, 18, 9, 1, 0, 0]
    /// The same after the driver's pages were reallocated by alloc_pages_compact().
    public static let unmovableAfterCompact: [UInt64] = [8, 5, 1, 432, 272, 91, 37, 11, 1, 0, 0]

    /// The seed's two rows beside each method's median Unmovable free
    /// blocks per order after the run (the load stopped, caches dropped).
    static func table(_ documents: [FragmentationDocument], _ methods: [AllocMethod]) -> String {
        var t = TextTable(["Unmovable free blocks after", "n"] + (0...10).map { "o\($0)" })
        t.add(["seed 003, 3.16: alloc_page", "1"] + unmovableAfterAllocPage.map(String.init))
        t.add(["seed 003, 3.16: alloc_pages_compact", "1"] + unmovableAfterCompact.map(String.init))
        for m in methods {
            let rows = documents.filter { $0.driver.method == m }.map { d in
                (0...10).map { order in
                    d.after.pagetypeinfo?.freeCounts.filter { $0.migratetype == "Unmovable" }
                        .reduce(0.0) { $0 + Double(order < $1.counts.count ? $1.counts[order].value : 0) } ?? 0
                }
            }
            guard !rows.isEmpty else { continue }
            t.add(["6.12 \(m.rawValue), median", "\(rows.count)"] + (0...10).map { order in
                Quantiles(rows.map { $0[order] }).map { fixed($0.median, 0) } ?? "-"
            })
        }
        return "the seed's 3.16 figures beside these boots (pagetypeinfo, all zones)\n" + t.render()
    }
}
