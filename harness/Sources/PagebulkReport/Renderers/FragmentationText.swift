import PagebulkKit
import PagebulkProc

/// Tables for one fragmentation boot and for the two boots side by side.
public enum FragmentationText {
    public static func single(_ r: FragmentationDocument) -> String {
        let d = r.driver
        var text = "fragmentation: driver \(d.method.summary), \(d.heldPages) pages held, "
            + "\(d.allocatedPages) allocated over \(d.rounds) rounds (\(d.topUpPages) topped up with alloc_page), "
            + "\(fixed(d.nsPerPage, 1)) ns/page (\(r.context.latencyLabel))\n"
        for (name, snap) in [("before", r.before), ("after", r.after)] {
            text += "\n== \(name) ==\n" + SnapshotText.buddyinfo(snap.buddyinfo) + "\n"
            if let pti = snap.pagetypeinfo { text += "\n" + SnapshotText.pagetypeinfo(pti) + "\n" }
        }
        text += "\n" + r.probes.map { "order-\($0.order): \($0.obtained)/\($0.asked)" }.joined(separator: ", ")
        return text
    }

    /// alloc_page boot `a` against alloc_pages_compact boot `b`, with the bar.
    public static func pair(_ a: FragmentationDocument, _ b: FragmentationDocument) -> String {
        let fa = FragmentationFigures(a.after), fb = FragmentationFigures(b.after)
        func ratio(_ x: Double, _ y: Double) -> String { y == 0 ? "-" : fixed(x / y, 2) + "x" }
        var table = TextTable("after the run", a.driver.method.rawValue, b.driver.method.rawValue, "b/a", "bar")
        table.add("Unmovable free order-0", "\(fa.unmovableOrder0Free)", "\(fb.unmovableOrder0Free)",
                  ratio(Double(fb.unmovableOrder0Free), Double(fa.unmovableOrder0Free)), "<= 0.10x")
        table.add("free blocks order >= 3", "\(fa.freeBlocksOrder3Up)", "\(fb.freeBlocksOrder3Up)",
                  ratio(Double(fb.freeBlocksOrder3Up), Double(fa.freeBlocksOrder3Up)), ">= 1.50x")
        table.add("mixed pageblocks", fa.mixedBlocks.map(String.init) ?? "-", fb.mixedBlocks.map(String.init) ?? "-",
                  ratio(Double(fb.mixedBlocks ?? 0), Double(fa.mixedBlocks ?? 0)), "")
        // By order, not by position: a boot may have probed other orders.
        for pa in a.probes {
            let pb = b.probes.first { $0.order == pa.order && $0.asked == pa.asked }
            table.add("order-\(pa.order) obtained of \(pa.asked)", "\(pa.obtained)", pb.map { "\($0.obtained)" } ?? "-",
                      pb.map { ratio(Double($0.obtained), Double(pa.obtained)) } ?? "-", "")
        }
        table.add("driver ns per page (\(a.context.latencyLabel))", fixed(a.driver.nsPerPage, 1),
                  fixed(b.driver.nsPerPage, 1), ratio(b.driver.nsPerPage, a.driver.nsPerPage), "<= 2.00x")
        table.add("pages topped up with alloc_page", "\(a.driver.topUpPages)", "\(b.driver.topUpPages)", "", "")

        var text = table.render() + "\n\nbuddyinfo after (free blocks per order)\n"
        var buddy = TextTable(["boot", "zone"] + (0...10).map { "o\($0)" })
        for r in [a, b] {
            for z in r.after.buddyinfo.zones {
                buddy.add([r.driver.method.rawValue, z.name] + z.freeBlocks.map(String.init))
            }
        }
        text += buddy.render() + "\n\nUnmovable free blocks per order, before -> after\n"
        var unmovable = TextTable(["boot", "zone", "when"] + (0...10).map { "o\($0)" })
        for r in [a, b] {
            for (when, snap) in [("before", r.before), ("after", r.after)] {
                for row in snap.pagetypeinfo?.freeCounts.filter({ $0.migratetype == "Unmovable" }) ?? [] {
                    unmovable.add([r.driver.method.rawValue, row.zone, when] + row.counts.map { "\($0.value)" })
                }
            }
        }
        text += unmovable.render() + "\n\nunusable free space index after (debugfs extfrag)\n"
        var index = TextTable(["boot", "zone"] + (0...10).map { "o\($0)" })
        for r in [a, b] {
            for z in r.after.unusableIndex?.zones ?? [] {
                index.add([r.driver.method.rawValue, z.name] + z.milli.map(SnapshotText.milli))
            }
        }
        return text + index.render()
    }
}
