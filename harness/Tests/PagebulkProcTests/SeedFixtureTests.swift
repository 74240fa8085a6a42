import Testing
@testable import PagebulkProc

/// Gioh Kim's 3.16 figures (seed 003): the parsers read the old layout, and
/// the numbers he argued from come out of them.
@Suite struct SeedFixtureTests {
    @Test func buddyinfoOfTheAllocPageRun() throws {
        let buddy = try BuddyInfo(parsing: try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "buddyinfo"))
        let zone = try #require(buddy.zone(named: "Normal"))
        #expect(zone.freeBlocks == [9880, 1489, 647, 332, 177, 64, 24, 10, 1, 1, 1])
        // 9880 + 2*1489 + 4*647 + 8*332 + 16*177 + 32*64 + 64*24 + 128*10 + 256 + 512 + 1024
        #expect(zone.freePages == 27_590)
    }

    @Test func pagetypeinfoOfTheAllocPageRun() throws {
        let pti = try PageTypeInfo(parsing: try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "pagetypeinfo"))
        #expect(pti.pageblockOrder == nil)
        #expect(pti.migratetypes == ["Unmovable", "Reclaimable", "Movable", "Reserve", "CMA", "Isolate"])
        #expect(pti.freeCounts.count == 6)
        #expect(pti.free(zone: "Normal", migratetype: "Unmovable")?.map(\.value)
            == [3864, 728, 394, 216, 129, 47, 18, 9, 1, 0, 0])
        #expect(pti.blocks(zone: "Normal", migratetype: "Unmovable") == 135)
        #expect(pti.blocks(zone: "Normal", migratetype: "Movable") == 124)
        #expect(pti.mixedBlockCounts == nil)
    }

    /// The seed's claim in numbers: compacting the driver's pages cut the
    /// unmovable order-0 free blocks from 3864 to 8 and raised order >= 3.
    @Test func compactRunHasFewerSmallUnmovableFreeBlocks() throws {
        let before = try PageTypeInfo(parsing: try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "pagetypeinfo"))
        let after = try PageTypeInfo(parsing: try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_pages_compact", "pagetypeinfo"))
        let u0 = try #require(before.free(zone: "Normal", migratetype: "Unmovable"))
        let u1 = try #require(after.free(zone: "Normal", migratetype: "Unmovable"))
        #expect(u0[0].value == 3864 && u1[0].value == 8)
        let high0 = u0[3...].reduce(0) { $0 + $1.value }
        let high1 = u1[3...].reduce(0) { $0 + $1.value }
        #expect(high0 == 420 && high1 == 844)
    }

    @Test func unusableIndexFallsAfterCompaction() throws {
        let b0 = try BuddyInfo(parsing: try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "buddyinfo"))
        let b1 = try BuddyInfo(parsing: try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_pages_compact", "buddyinfo"))
        let z0 = try #require(b0.zone(named: "Normal"))
        let z1 = try #require(b1.zone(named: "Normal"))
        // order 3: (27590 - 8 * (332 + 2*177 + 4*64 + 8*24 + 16*10 + 32 + 64 + 128)) * 1000 / 27590
        #expect(FragmentationIndex.unusableFree(z0, order: 3) == 559)
        #expect(FragmentationIndex.unusableFree(z1, order: 3) < FragmentationIndex.unusableFree(z0, order: 3))
    }
}
