import PagebulkKit
import PagebulkProc

/// The tables of one fragmentation boot (FragmentationBootsText compares boots).
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
        if let last = r.samples.last, let ratio = last.unmovableBlockRatio {
            text += "\nafter the churn: \(last.tally.unmovableBlocks) pageblocks hold unmovable pages, "
                + "\(last.tally.minimumBlocks(for: last.heldPages)) at least needed: ratio \(fixed(ratio, 3))\n"
        }
        for run in r.highalloc {
            let median = FragmentationBoot.medianSuccessNs(run).map { fixed($0 / 1e6, 3) + " ms" } ?? "-"
            text += "in load: order-\(run.order) \(run.gfp.rawValue) \(run.successes)/\(run.attempts.count), "
                + "median \(median) (\(r.context.latencyLabel))\n"
        }
        text += "after: " + r.probes.map { "order-\($0.order): \($0.obtained)/\($0.asked)" }.joined(separator: ", ")
        return text
    }
}
