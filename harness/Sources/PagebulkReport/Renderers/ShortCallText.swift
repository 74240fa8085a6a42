import PagebulkKit

/// Why the all-or-nothing calls that came back short did: one line per
/// method (and K), read from the census the scenario took of the range
/// just after each short call (`AllocTrial.failureCensus`). Pages the
/// allocator would have had to move or wait for: pinned, under writeback,
/// dirty, locked, in use off the LRU (kernel allocations, pages isolated
/// for migration), slab, reserved.
public enum ShortCallText {
    /// "why short: ..." lines; empty when no all-or-nothing call fell short,
    /// or the scenario took no census.
    public static func lines(_ d: AllocationDocument) -> [String] {
        d.summary.compactMap { s in
            let mine = d.trials.filter { $0.request.label == s.label && $0.pins == s.pins }
            let short = mine.filter { $0.request.isAllOrNothing && !$0.isFull }
            // A scenario that takes no census (pins) has no line to print.
            guard !short.isEmpty, mine.contains(where: { $0.census != nil || $0.failureCensus != nil })
            else { return nil }
            return line(s.subject, calls: mine.count, short: short)
        }
    }

    /// One method's line.
    static func line(_ subject: String, calls: Int, short: [AllocTrial]) -> String {
        let head = "why short: \(subject): \(short.count) of \(calls) calls short (\(errors(short)))"
        let censuses = short.compactMap(\.failureCensus)
        guard let first = censuses.first else { return head + "; no census after them (a document from before they were taken)" }
        func m(_ name: String, _ f: (RangeCensus) -> UInt64) -> String {
            "\(name) \(spread(censuses.map(f)))"
        }
        let pages = first.endPFN.subtractingReportingOverflow(first.startPFN)
        let range = pages.overflow ? "?" : "\(pages.partialValue)"
        let blocks = censuses.map { c in
            UInt64(c.blocks.filter { $0.pinned > 0 || $0.unmovable > 0 }.count)
        }
        return head + "; the range just after "
            + (censuses.count == 1 ? "it" : "them, medians [min-max] of \(censuses.count) censuses")
            + ", pages of \(range): "
            + [m("pinned") { $0.pinned }, m("writeback") { $0.writeback }, m("dirty") { $0.dirty },
               m("locked") { $0.locked }, m("off-LRU in use") { $0.other }, m("slab") { $0.slab },
               m("reserved") { $0.reserved }, m("LRU") { $0.lruAnon.saturatingAdd($0.lruFile) },
               m("free") { $0.free }].joined(separator: ", ")
            + "; pageblocks holding a pinned or unmovable page \(spread(blocks)) of \(first.blocks.count)"
            + (censuses.count < short.count ? " (\(short.count - censuses.count) short calls without a census)" : "")
    }

    /// "ENOMEM x3, EBUSY x1", in the order they first came; "no error" for
    /// short calls that reported none.
    static func errors(_ short: [AllocTrial]) -> String {
        var seen: [(String, Int)] = []
        for t in short {
            let name = t.result.error == 0 ? "no error"
                : HeapTrial.errnoName(Int32(clamping: 0 - Int64(t.result.error)))
            if let i = seen.firstIndex(where: { $0.0 == name }) {
                seen[i].1 += 1
            } else {
                seen.append((name, 1))
            }
        }
        return seen.map { "\($0.0) x\($0.1)" }.joined(separator: ", ")
    }

    /// The median, and the range when the values differ: "57", "57 [40-80]".
    static func spread(_ values: [UInt64]) -> String {
        guard let q = Quantiles(values) else { return "-" }
        let median = fixed(q.median, 0)
        return q.min == q.max ? median : "\(median) [\(fixed(q.min, 0))-\(fixed(q.max, 0))]"
    }
}
