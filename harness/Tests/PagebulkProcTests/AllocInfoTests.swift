import Testing
@testable import PagebulkProc

/// /proc/allocinfo from the debug kernel, as the invariants read it.
@Suite struct AllocInfoTests {
    @Test func debugGuestAllocinfo() throws {
        let info = try AllocInfo(parsing: Fixture.text("guest-6.12.117-debug", "allocinfo"))
        #expect(info.sites.count == 1343)
        let slab = try #require(info.sites.first { $0.location == "../linux-6.12.117/mm/slub.c:2478" })
        #expect(slab.bytes == 48_304_128 && slab.calls == 3728)
        #expect(slab.function == "alloc_slab_page" && slab.module == nil)
        let mine = info.sites.filter { $0.module == "pagebulk" }
        #expect(mine.count == 17)
        #expect(mine.contains { $0.function == "pb_range_bulk" })
        // Loaded, no file open: the module holds nothing.
        #expect(info.bytes(module: "pagebulk") == 0)
    }

    @Test func rejectsALineWithoutAFunction() {
        #expect(throws: ProcParseError.self) {
            _ = try AllocInfo(parsing: "allocinfo - version: 1.0\n     4096   1 mm/x.c:1 something\n")
        }
    }
}
