import Testing
@testable import PagebulkProc

/// Damaged files fail with the file, the line and what was wrong.
@Suite struct MalformedInputTests {
    @Test(arguments: [
        ("", 0),
        ("Node 0, zone   Normal   12 x 3\n", 1),
        ("Node 0, zone   Normal\n", 1),
        ("Node 0, zone DMA 1 2 3\nNode 0, zone DMA32 1 2\n", 2),
        ("zone Normal 1 2 3\n", 1),
    ])
    func buddyinfoRejects(text: String, line: Int) {
        #expect(throws: ProcParseError.self) { try BuddyInfo(parsing: text) }
        do {
            _ = try BuddyInfo(parsing: text)
        } catch {
            #expect(error.file == "buddyinfo")
            #expect(error.line == line)
        }
    }

    @Test func pagetypeinfoRejectsRowsBeforeHeaders() {
        #expect(throws: ProcParseError.self) {
            try PageTypeInfo(parsing: "Node    0, zone   Normal, type Movable 1 2 3\n")
        }
    }

    @Test func pagetypeinfoRejectsShortBlockRows() throws {
        let text = try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "pagetypeinfo")
            .replacingOccurrences(of: "124            2            0            0", with: "124")
        #expect(throws: ProcParseError.self) { try PageTypeInfo(parsing: text) }
    }

    @Test func pagetypeinfoRejectsGarbageCounts() throws {
        let text = try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "pagetypeinfo")
            .replacingOccurrences(of: "  3864 ", with: "  38x4 ")
        #expect(throws: ProcParseError.self) { try PageTypeInfo(parsing: text) }
    }

    @Test func pagetypeinfoWithoutBlockTableIsIncomplete() throws {
        let text = try Fixture.text("seed-3.16-rebuilt-from-mail-alloc_page", "pagetypeinfo")
        let freeOnly = String(text.prefix { $0 != "\n" } ) + "\n"
        #expect(throws: ProcParseError.self) { try PageTypeInfo(parsing: freeOnly) }
    }

    @Test func vmstatRejectsNonNumbers() {
        #expect(throws: ProcParseError.self) { try VMStat(parsing: "nr_free_pages lots\n") }
    }

    @Test(arguments: ["0.5", "1.0000", "a.bcd", "--1.000", ""])
    func fragmentationValuesNeedThreeDecimals(value: String) {
        #expect(FragmentationTable.thousandths(Substring(value)) == nil)
    }

    @Test func cappedCountsKeepTheirMark() throws {
        let text = """
            Free pages count per migrate type at order       0      1
            Node    0, zone    DMA32, type      Movable >100000     12
            
            Number of blocks type     Unmovable      Movable
            Node 0, zone    DMA32           50          836
            """
        let pti = try PageTypeInfo(parsing: text)
        let counts = try #require(pti.free(zone: "DMA32", migratetype: "Movable"))
        #expect(counts[0] == PageTypeInfo.Count(100_000, capped: true))
        #expect(counts[1] == PageTypeInfo.Count(12))
    }
}
