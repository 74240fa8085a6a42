import PagebulkKit
import PagebulkProc

/// One fragmentation boot reduced to the figures compared across boots.
public struct FragmentationBoot: Sendable {
    public var label: String
    public var method: AllocMethod
    /// The last churn sample (nil for a document without samples).
    public var last: FragmentationDocument.ChurnSample?
    /// Pageblocks holding unmovable pages before the driver started.
    public var blocksBefore: UInt64?
    /// Unmovable blocks per block the driver's pages need, after the churn.
    public var ratio: Double? { last?.unmovableBlockRatio }
    /// page_owner's mixed Unmovable pageblocks, in load after the churn.
    public var pageOwnerMixedUnmovable: UInt64?
    /// The unusable free space index at order 9 of the driver's zone, in load.
    public var unusableOrder9: Double?
    public var order9: FragmentationDocument.HighallocRun?
    public var order3: FragmentationDocument.HighallocRun?
    public var driverNsPerPage: Double

    public init(label: String, _ d: FragmentationDocument) {
        self.label = label
        method = d.driver.method
        last = d.samples.last
        blocksBefore = d.tallyBefore?.unmovableBlocks
        let zone = d.during?.zoneinfo?.kernelZone?.name
        pageOwnerMixedUnmovable = zone.flatMap {
            d.during?.pagetypeinfo?.blocks(zone: $0, migratetype: "Unmovable", mixed: true)
        }
        unusableOrder9 = d.during?.unusableIndex?.zones.first { $0.name == zone }
            .flatMap { $0.milli.count > 9 ? Double($0.milli[9]) / 1000 : nil }
        order9 = d.highalloc.first { $0.order == 9 }
        order3 = d.highalloc.first { $0.order == 3 }
        driverNsPerPage = d.driver.nsPerPage
    }

    /// Blocks holding unmovable pages beyond those held before the driver
    /// and the minimum its pages need; negative when the driver's pages
    /// share blocks the kernel already held.
    public var excessBlocks: Int64? {
        guard let last, let blocksBefore else { return nil }
        let minimum = last.tally.minimumBlocks(for: last.heldPages)
        return Int64(clamping: last.tally.unmovableBlocks) - Int64(clamping: blocksBefore) - Int64(clamping: minimum)
    }

    /// The median latency of the successful attempts, in the run's unit.
    public static func medianSuccessNs(_ run: FragmentationDocument.HighallocRun?) -> Double? {
        Quantiles(run?.attempts.filter(\.ok).map(\.ns) ?? [])?.median
    }

    /// Successes per attempt.
    public static func successRate(_ run: FragmentationDocument.HighallocRun?) -> Double? {
        guard let run, !run.attempts.isEmpty else { return nil }
        return Double(run.successes) / Double(run.attempts.count)
    }
}
