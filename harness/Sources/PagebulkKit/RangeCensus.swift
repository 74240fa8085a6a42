#if canImport(Glibc)
import Glibc
#endif
import CPagebulk

/// What the pages of a pfn range were at one moment (the module's CENSUS):
/// counts in base pages. Read without locks, so a count can be off by the
/// pages that changed state during the walk.
public struct RangeCensus: Codable, Sendable, Equatable {
    /// The range walked, `[start, end)`.
    public var startPFN: UInt64
    public var endPFN: UInt64
    /// Free pages in buddies, by the order of their buddy (index = order).
    public var freeByOrder: [UInt64]
    /// Free pages that are no buddy: per-cpu lists, pages in transit.
    public var freeOther: UInt64
    public var lruAnon: UInt64
    public var lruFile: UInt64
    public var slab: UInt64
    public var reserved: UInt64
    /// In use and none of the kinds above: kernel allocations, pages
    /// isolated for migration, page tables.
    public var other: UInt64
    public var offline: UInt64
    /// States of the LRU pages; one page can have several.
    public var unevictable: UInt64
    public var dirty: UInt64
    public var writeback: UInt64
    public var locked: UInt64
    public var mapped: UInt64
    public var pinned: UInt64
    /// NR_FREE_PAGES of the range's zone and its watermarks.
    public var zoneFree: UInt64
    public var zoneMin: UInt64
    public var zoneLow: UInt64
    public var zoneHigh: UInt64
    /// The system's NR_FREE_PAGES and NR_FREE_CMA_PAGES.
    public var systemFree: UInt64
    public var systemFreeCMA: UInt64
    public var elapsedNs: UInt64
    /// One entry per pageblock from the one holding `startPFN`.
    public var blocks: [Block]
    public var blockOrder: UInt32

    /// A pageblock's pages by what a migration would make of them.
    public struct Block: Codable, Sendable, Equatable {
        public var free: UInt16
        public var movable: UInt16
        public var pinned: UInt16
        public var unmovable: UInt16

        public init(free: UInt16, movable: UInt16, pinned: UInt16, unmovable: UInt16) {
            self.free = free
            self.movable = movable
            self.pinned = pinned
            self.unmovable = unmovable
        }
    }

    /// Pages free in the range, buddies and others.
    public var free: UInt64 {
        freeByOrder.reduce(freeOther) { $0.addingReportingOverflow($1).partialValue }
    }

    /// Pages in use, of every kind.
    public var inUse: UInt64 {
        [lruAnon, lruFile, slab, reserved, other].reduce(0) { $0.addingReportingOverflow($1).partialValue }
    }
}

extension RangeCensus {
    init(_ raw: pagebulk_census, blocks: [Block]) {
        startPFN = raw.start_pfn
        endPFN = raw.end_pfn
        freeByOrder = withUnsafeBytes(of: raw.free_by_order) { Array($0.bindMemory(to: UInt64.self)) }
        freeOther = raw.free_other
        lruAnon = raw.lru_anon
        lruFile = raw.lru_file
        slab = raw.slab
        reserved = raw.reserved
        other = raw.other
        offline = raw.offline
        unevictable = raw.unevictable
        dirty = raw.dirty
        writeback = raw.writeback
        locked = raw.locked
        mapped = raw.mapped
        pinned = raw.pinned
        zoneFree = raw.zone_free
        zoneMin = raw.zone_min
        zoneLow = raw.zone_low
        zoneHigh = raw.zone_high
        systemFree = raw.nr_free
        systemFreeCMA = raw.nr_free_cma
        elapsedNs = raw.elapsed_ns
        self.blocks = blocks
        blockOrder = raw.block_order
    }
}

/// The range a census walks.
public enum CensusRange: Sendable, Equatable {
    case cmaArea(ModuleInfo.CMAArea)
    case pfns(Range<UInt64>)

    var pages: UInt64 {
        switch self {
        case .cmaArea(let area): area.pages
        case .pfns(let pfns): UInt64(pfns.count)
        }
    }
}

extension ControlRequests where Self: ~Copyable {
    /// Count the pages of a CMA area or a pfn range by state, with one
    /// entry per pageblock (`blockOrder` is `ModuleInfo.pageblockOrder`).
    public func census(_ range: CensusRange, blockOrder: UInt32) throws(PagebulkError) -> RangeCensus {
        var raw = pagebulk_census()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        switch range {
        case .cmaArea(let area):
            raw.cma_area = Int32(clamping: area.index)
        case .pfns(let pfns):
            raw.cma_area = Int32(PAGEBULK_NO_CMA)
            raw.start_pfn = pfns.lowerBound
            raw.end_pfn = pfns.upperBound
        }
        // Two more than the pages need: the range's ends need not be aligned.
        let capacity = Int(clamping: (range.pages >> UInt64(min(blockOrder, 63))) + 2)
        var blocks = [pagebulk_census_block](repeating: pagebulk_census_block(), count: capacity)
        raw.nr_blocks = UInt32(clamping: capacity)
        try blocks.withUnsafeMutableBufferPointer { (buffer) throws(PagebulkError) in
            raw.blocks = UInt64(UInt(bitPattern: buffer.baseAddress))
            try ioctl(.census, &raw)
        }
        let written = blocks.prefix(Int(clamping: raw.nr_blocks)).map {
            RangeCensus.Block(free: $0.free, movable: $0.movable, pinned: $0.pinned, unmovable: $0.unmovable)
        }
        return RangeCensus(raw, blocks: written)
    }
}

extension RangeCensus {
    /// The fewest pages a best-effort allocator of `pieces` order-`order`
    /// pieces must migrate when it clears whole pageblocks, cheapest first,
    /// and uses only blocks with nothing pinned or unmovable in them. A
    /// block-granular bound: free windows inside busy blocks would cost
    /// less, so an allocator can beat it. Nil when the clean blocks cannot
    /// hold the request, or the order is above the pageblock order.
    public func cheapestClearing(pieces: UInt64, order: UInt32) -> UInt64? {
        guard order <= blockOrder, blockOrder < 32 else { return nil }
        let blockPages = UInt64(1) << UInt64(blockOrder)
        let windows = UInt64(1) << UInt64(blockOrder - order)
        let costs = blocks.filter {
            $0.pinned == 0 && $0.unmovable == 0 && UInt64($0.free) + UInt64($0.movable) == blockPages
        }.map { UInt64($0.movable) }.sorted()
        var got: UInt64 = 0, cost: UInt64 = 0
        for c in costs where got < pieces {
            got += windows
            cost += c
        }
        return got >= pieces ? cost : nil
    }
}

extension RangeCensus {
    /// Pages the census counted once by kind: the range's length when the
    /// walk saw every pfn exactly once.
    public var pagesCounted: UInt64 {
        [free, lruAnon, lruFile, slab, reserved, other, offline].reduce(0) { $0.saturatingAdd($1) }
    }

    /// The same from the per-pageblock entries.
    public var blockPagesCounted: UInt64 {
        blocks.reduce(0) {
            $0.saturatingAdd(UInt64($1.free) + UInt64($1.movable) + UInt64($1.pinned) + UInt64($1.unmovable))
        }
    }
}

extension ControlRequests where Self: ~Copyable {
    /// A CENSUS exactly as given, fields unchecked: for hostile-input tests.
    public func census(raw: pagebulk_census) throws(PagebulkError) {
        var raw = raw
        try ioctl(.census, &raw)
    }
}
