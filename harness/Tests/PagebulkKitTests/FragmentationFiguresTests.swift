import Testing
import PagebulkProc
@testable import PagebulkKit
import PagebulkReport

/// The bar's figures from Gioh Kim's 3.16 figures (seed 003): values
/// verbatim from his mail, line layout rebuilt (Fixtures/README.md).
@Suite struct FragmentationFiguresTests {
    static let fixtures: String = {
        let file = "\(#filePath)"
        let tests = file.split(separator: "/").dropLast(2).joined(separator: "/")
        return "/" + tests + "/PagebulkProcTests/Fixtures"
    }()

    func snapshot(_ dir: String) throws -> Snapshot {
        try SnapshotSource.directory("\(Self.fixtures)/\(dir)").load()
    }

    @Test func seedFiguresMatchTheMail() throws {
        let page = FragmentationFigures(try snapshot("seed-3.16-rebuilt-from-mail-alloc_page"))
        let compact = FragmentationFigures(try snapshot("seed-3.16-rebuilt-from-mail-alloc_pages_compact"))
        #expect(page.unmovableOrder0Free == 3864)
        #expect(compact.unmovableOrder0Free == 8)
        #expect(page.freeBlocksOrder3Up == 332 + 177 + 64 + 24 + 10 + 1 + 1 + 1)
        #expect(compact.freeBlocksOrder3Up == 544 + 320 + 108 + 43 + 12 + 1 + 1 + 1)
        // 3.16 printed no mixed-block table in these captures.
        #expect(page.mixedBlocks == nil)
    }

    @Test func churnChoicesRepeatForTheSameSeed() {
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1), c = SplitMix64(seed: 2)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }
}
