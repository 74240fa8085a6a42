import PagebulkProc

/// The parsed /proc files as tables.
public enum SnapshotText {
    public static func buddyinfo(_ buddy: BuddyInfo) -> String {
        let orders = buddy.zones.first?.freeBlocks.count ?? 0
        var table = TextTable(["zone"] + (0..<orders).map { "o\($0)" } + ["free pages"])
        var index = TextTable(["unusable index"] + (0..<orders).map { "o\($0)" })
        for z in buddy.zones {
            table.add(["\(z.node)/\(z.name)"] + z.freeBlocks.map(String.init) + ["\(z.freePages)"])
            index.add(["\(z.node)/\(z.name)"] + FragmentationIndex.unusableFree(z).map(milli))
        }
        return table.render() + "\n\n" + index.render()
    }

    public static func pagetypeinfo(_ info: PageTypeInfo) -> String {
        let orders = info.freeCounts.first?.counts.count ?? 0
        var free = TextTable(["zone", "type"] + (0..<orders).map { "o\($0)" })
        for row in info.freeCounts {
            free.add(["\(row.node)/\(row.zone)", row.migratetype]
                + row.counts.map { ($0.capped ? ">" : "") + "\($0.value)" })
        }
        var blocks = TextTable(["pageblocks"] + info.migratetypes)
        for row in info.blockCounts {
            blocks.add(["\(row.node)/\(row.zone)"] + row.counts.map(String.init))
        }
        var text = "pageblock order \(info.pageblockOrder.map(String.init) ?? "?")\n\n"
            + free.render() + "\n\n" + blocks.render()
        if let mixed = info.mixedBlockCounts {
            var table = TextTable(["mixed blocks"] + info.migratetypes)
            for row in mixed { table.add(["\(row.node)/\(row.zone)"] + row.counts.map(String.init)) }
            text += "\n\n" + table.render()
        }
        return text
    }

    /// Thousandths as the kernel prints them: 17 -> "0.017".
    public static func milli(_ v: Int) -> String {
        let sign = v < 0 ? "-" : ""
        let a = abs(v)
        let frac = String(a % 1000)
        return "\(sign)\(a / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }
}
