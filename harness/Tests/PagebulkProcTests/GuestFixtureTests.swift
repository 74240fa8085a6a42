import Testing
@testable import PagebulkProc

/// Files captured from pagebulk's own 6.12.117 guest after a loaded run
/// (Fixtures/guest-6.12.117-after-load): the parsers read every file, and
/// the indices computed from buddyinfo match the kernel's own debugfs file
/// read in the same moment.
@Suite struct GuestFixtureTests {
    let dir = "guest-6.12.117-after-load"

    func snapshot() throws -> Snapshot {
        var texts: [Snapshot.File: String] = [:]
        for file in Snapshot.File.allCases { texts[file] = try Fixture.text(dir, file.rawValue) }
        return try Snapshot(texts: texts)
    }

    @Test func buddyinfoHasTheOneDMA32Zone() throws {
        let s = try snapshot()
        #expect(s.buddyinfo.zones.count == 1)
        let z = try #require(s.buddyinfo.zone(named: "DMA32"))
        #expect(z.freeBlocks == [292, 283, 267, 223, 184, 153, 122, 96, 77, 72, 283])
        #expect(z.freePages == 378_014)
    }

    @Test func computedUnusableIndexMatchesTheKernels() throws {
        let s = try snapshot()
        let z = try #require(s.buddyinfo.zone(named: "DMA32"))
        let kernel = try #require(s.unusableIndex?.zone(named: "DMA32"))
        #expect(kernel.milli == [0, 0, 2, 5, 9, 17, 30, 51, 83, 135, 233])
        #expect(FragmentationIndex.unusableFree(z) == kernel.milli)
        let extfrag = try #require(s.extfragIndex?.zone(named: "DMA32"))
        #expect(FragmentationIndex.extfrag(z) == extfrag.milli)
    }

    @Test func pagetypeinfoColumnsComeFromTheHeader() throws {
        let pti = try #require(try snapshot().pagetypeinfo)
        #expect(pti.pageblockOrder == 9 && pti.pagesPerBlock == 512)
        #expect(pti.migratetypes == ["Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"])
        #expect(pti.blocks(zone: "DMA32", migratetype: "CMA") == 250)
        #expect(pti.blocks(zone: "DMA32", migratetype: "Movable") == 487)
        #expect(pti.blocks(zone: "DMA32", migratetype: "Isolate") == 0)
        #expect(pti.free(zone: "DMA32", migratetype: "CMA")?.last?.value == 116)
        #expect(pti.mixedBlockCounts == nil)
    }

    @Test func zoneinfoHasWatermarksAndPerCPULists() throws {
        let zi = try #require(try snapshot().zoneinfo)
        let z = try #require(zi.zone(named: "DMA32"))
        #expect(z.startPFN == 1)
        #expect(z.pagesets.map(\.cpu) == [0, 1])
        #expect(z.pagesets.first == ZoneInfo.PerCPUPages(cpu: 0, count: 139, high: 3583, batch: 63))
        let min = try #require(z.min), low = try #require(z.low), high = try #require(z.high)
        #expect(min < low && low < high)
    }

    @Test func kernelZoneIsTheLargestPopulatedOne() throws {
        let zi = try #require(try snapshot().zoneinfo)
        let zone = try #require(zi.kernelZone)
        // Normal and Movable are listed with nothing managed in this guest.
        #expect(zone.name == "DMA32" && zone.pfnSpan == 1..<393_216)
    }

    @Test func vmstatCountersAreThere() throws {
        let vm = try #require(try snapshot().vmstat)
        #expect(vm["nr_free_pages"] == 378_015)
        #expect(vm["pgmigrate_success"] == 104_205)
    }
}
