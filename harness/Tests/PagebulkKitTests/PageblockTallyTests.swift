import CPagebulk
import Testing
@testable import PagebulkKit

/// A census's pageblocks reduced to the fragmentation scenario's metric.
@Suite struct PageblockTallyTests {
    func census(_ blocks: [RangeCensus.Block], order: UInt32 = 9) -> RangeCensus {
        var raw = pagebulk_census()
        raw.block_order = order
        return RangeCensus(raw, blocks: blocks)
    }

    @Test func countsBlocksWithUnmovablePagesAndTheMixedOnes() {
        let tally = PageblockTally(census([
            .init(free: 512, movable: 0, pinned: 0, unmovable: 0),
            .init(free: 12, movable: 0, pinned: 0, unmovable: 500),
            .init(free: 0, movable: 511, pinned: 0, unmovable: 1),
            .init(free: 2, movable: 0, pinned: 10, unmovable: 500),
            .init(free: 0, movable: 512, pinned: 0, unmovable: 0),
        ]))
        #expect(tally.blocks == 5 && tally.unmovableBlocks == 3 && tally.mixedBlocks == 2)
        #expect(tally.unmovablePages == 1001 && tally.freeInUnmovableBlocks == 14 && tally.pagesPerBlock == 512)
    }

    @Test func minimumBlocksRoundsUp() {
        let tally = PageblockTally(census([], order: 9))
        #expect(tally.minimumBlocks(for: 0) == 0)
        #expect(tally.minimumBlocks(for: 1) == 1)
        #expect(tally.minimumBlocks(for: 102_400) == 200)
        #expect(tally.minimumBlocks(for: 102_401) == 201)
        #expect(PageblockTally(census([], order: 64)).minimumBlocks(for: 5) == 0)
    }
}
