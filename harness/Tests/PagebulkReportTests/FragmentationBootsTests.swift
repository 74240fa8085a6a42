import Testing
@testable import PagebulkReport
import PagebulkKit

/// The boots report on two real boots of issue 16's run.
@Suite struct FragmentationBootsTests {
    func boots() throws -> [(label: String, document: FragmentationDocument)] {
        try ["boot-01-alloc-pages/fragmentation-alloc-pages.json", "boot-02-compact/fragmentation-compact.json"].map {
            let path = RecordedRun.fixture("fragmentation-boots") + "/" + $0
            return (label: String($0.prefix { $0 != "/" }),
                    document: try JSONText.decode(FragmentationDocument.self,
                                                  from: String(contentsOfFile: path, encoding: .utf8)))
        }
    }

    @Test func documentsCarryTheChurnAndTheProbes() throws {
        let b = try boots()
        let alloc = b[0].document, compact = b[1].document
        #expect(alloc.samples.count == 61 && alloc.samples.first?.round == 0 && alloc.samples.last?.round == 60)
        #expect(alloc.tallyBefore?.unmovableBlocks == 37)
        #expect(alloc.highalloc.map(\.order) == [9, 3] && alloc.highalloc[0].attempts.count == 64)
        #expect(alloc.during?.pagetypeinfo?.mixedBlockCounts != nil)
        #expect(compact.driver.topUpPages > 0 && compact.driver.method == .compact)
    }

    @Test func perBootFiguresAreTheDocuments() throws {
        let f = try boots().map { FragmentationBoot(label: $0.label, $0.document) }
        // 400 MiB is 102 400 pages: 200 pageblocks at least.
        #expect(f[0].last?.tally.minimumBlocks(for: f[0].last?.heldPages ?? 0) == 200)
        #expect(f[0].last?.tally.unmovableBlocks == 273 && f[0].excessBlocks == 36)
        #expect(abs((f[0].ratio ?? 0) - 1.365) < 1e-9)
        #expect(f[1].last?.tally.unmovableBlocks == 262 && f[1].excessBlocks == 24)
        #expect(f[0].order9?.successes == 5 && f[1].order9?.successes == 56)
        #expect(f[0].order9?.firstFailure != nil && f[0].order3?.successes == 512)
        #expect(f[0].pageOwnerMixedUnmovable == 2 && f[1].pageOwnerMixedUnmovable == 3)
    }

    @Test func reportComparesCompactWithTheOtherMethod() throws {
        let text = FragmentationBootsText.render(try boots())
        #expect(text.hasPrefix("fragmentation: 2 boots (alloc-pages 1, compact 1)"))
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("boot-02-compact ") })
        #expect(row.contains(" 262 ") && row.contains(" 1.310 ") && row.contains(" 56/64 "))
        #expect(text.contains("compact - alloc-pages"))
        let ratio = try #require(text.split(separator: "\n").first { $0.hasPrefix("unmovable-block ratio  lower") })
        // One boot a side: the difference is exact and no split is more extreme.
        #expect(ratio.contains("-0.055") && ratio.hasSuffix("1+1"))
        #expect(text.contains("seed 003, 3.16: alloc_page           1  3864"))
        #expect(text.contains("round  alloc-pages ratio  compact ratio"))
    }

    /// The seed bar judges compact's boots against alloc_page's: with one
    /// boot a side no split is more extreme than another, so p = 1 and
    /// the bar is missed whatever the difference.
    @Test func seedBarNeedsTheIntervalAndThePermutationTest() throws {
        let bars = SeedSummary.bars(try boots().map { .fragmentation($0.document) })
        let bar = try #require(bars.first { $0.experiment == "fragmentation" })
        #expect(bar.verdict == .missed)
        #expect(bar.line.contains("difference -0.055 (1+1 boots, p = 1.000)"))
    }

}
