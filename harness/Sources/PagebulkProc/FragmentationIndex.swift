/// The kernel's fragmentation indices, computed from a buddyinfo zone the way
/// mm/vmstat.c does (`fill_contig_page_info()`, `unusable_free_index()`,
/// `__fragmentation_index()`), in integer thousandths.
public enum FragmentationIndex {
    struct ContigInfo {
        var freePages: UInt64 = 0
        var freeBlocksTotal: UInt64 = 0
        var freeBlocksSuitable: UInt64 = 0
    }

    static func contigInfo(_ zone: BuddyInfo.Zone, order: Int) -> ContigInfo {
        var info = ContigInfo()
        for (o, blocks) in zone.freeBlocks.enumerated() {
            info.freeBlocksTotal += blocks
            info.freePages += blocks << UInt64(o)
            if o >= order { info.freeBlocksSuitable += blocks << UInt64(o - order) }
        }
        return info
    }

    /// Share of free memory unusable for an allocation of `order`: 0 none,
    /// 1000 all (also when the zone has no free memory).
    public static func unusableFree(_ zone: BuddyInfo.Zone, order: Int) -> Int {
        let info = contigInfo(zone, order: order)
        guard info.freePages > 0 else { return 1000 }
        let usable = info.freeBlocksSuitable << UInt64(order)
        return Int((info.freePages - usable) * 1000 / info.freePages)
    }

    /// Why an allocation of `order` would fail: towards 0 lack of memory,
    /// towards 1000 fragmentation; -1000 when it would succeed.
    public static func extfrag(_ zone: BuddyInfo.Zone, order: Int) -> Int {
        let info = contigInfo(zone, order: order)
        guard info.freeBlocksTotal > 0 else { return 0 }
        guard info.freeBlocksSuitable == 0 else { return -1000 }
        let requested = UInt64(1) << UInt64(order)
        return 1000 - Int((1000 + info.freePages * 1000 / requested) / info.freeBlocksTotal)
    }

    public static func unusableFree(_ zone: BuddyInfo.Zone) -> [Int] {
        zone.freeBlocks.indices.map { unusableFree(zone, order: $0) }
    }

    public static func extfrag(_ zone: BuddyInfo.Zone) -> [Int] {
        zone.freeBlocks.indices.map { extfrag(zone, order: $0) }
    }
}
