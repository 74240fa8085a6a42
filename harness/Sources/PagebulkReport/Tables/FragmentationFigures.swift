import PagebulkProc

/// The figures the bar compares between two boots.
public struct FragmentationFigures: Sendable, Equatable {
    /// Free order-0 blocks on the Unmovable lists, all zones.
    public var unmovableOrder0Free: UInt64
    /// Free blocks of order 3 and above, all zones (buddyinfo).
    public var freeBlocksOrder3Up: UInt64
    /// Pageblocks holding pages of another type (page_owner on), all types.
    public var mixedBlocks: UInt64?

    public init(_ snapshot: Snapshot) {
        unmovableOrder0Free = snapshot.pagetypeinfo?.freeCounts
            .filter { $0.migratetype == "Unmovable" }
            .reduce(0) { $0 + ($1.counts.first?.value ?? 0) } ?? 0
        freeBlocksOrder3Up = snapshot.buddyinfo.zones.reduce(0) { sum, zone in
            sum + zone.freeBlocks.dropFirst(3).reduce(0, +)
        }
        mixedBlocks = snapshot.pagetypeinfo?.mixedBlockCounts.map { rows in
            rows.reduce(0) { $0 + $1.counts.reduce(0, +) }
        }
    }
}
