/// A census reduced to pageblocks: how many hold unmovable pages, and how
/// many hold unmovable and movable pages at once. Unmovable here is the
/// census's kind (slab, reserved, kernel allocations, offline), so a
/// driver's pages count, and so does a page caught off its LRU.
public struct PageblockTally: Codable, Sendable, Equatable {
    /// Pageblocks walked.
    public var blocks: UInt64
    /// Pageblocks with at least one unmovable page.
    public var unmovableBlocks: UInt64
    /// Of those, the ones that also hold LRU (movable or pinned) pages.
    public var mixedBlocks: UInt64
    /// Unmovable pages in all blocks.
    public var unmovablePages: UInt64
    /// Free pages inside blocks that hold unmovable pages: the holes a
    /// packing allocator would fill first.
    public var freeInUnmovableBlocks: UInt64
    /// Pages per pageblock.
    public var pagesPerBlock: UInt64

    public init(blocks: UInt64, unmovableBlocks: UInt64, mixedBlocks: UInt64, unmovablePages: UInt64,
                freeInUnmovableBlocks: UInt64, pagesPerBlock: UInt64) {
        self.blocks = blocks
        self.unmovableBlocks = unmovableBlocks
        self.mixedBlocks = mixedBlocks
        self.unmovablePages = unmovablePages
        self.freeInUnmovableBlocks = freeInUnmovableBlocks
        self.pagesPerBlock = pagesPerBlock
    }

    public init(_ census: RangeCensus) {
        var tally = PageblockTally(blocks: UInt64(census.blocks.count), unmovableBlocks: 0, mixedBlocks: 0,
                                   unmovablePages: 0, freeInUnmovableBlocks: 0,
                                   pagesPerBlock: census.blockOrder < 64 ? 1 << UInt64(census.blockOrder) : 0)
        for block in census.blocks where block.unmovable > 0 {
            tally.unmovableBlocks += 1
            tally.unmovablePages += UInt64(block.unmovable)
            tally.freeInUnmovableBlocks += UInt64(block.free)
            if block.movable > 0 || block.pinned > 0 { tally.mixedBlocks += 1 }
        }
        self = tally
    }

    /// The fewest pageblocks that can hold `pages` pages.
    public func minimumBlocks(for pages: UInt64) -> UInt64 {
        guard pagesPerBlock > 0 else { return 0 }
        return pages / pagesPerBlock + (pages % pagesPerBlock == 0 ? 0 : 1)
    }
}
