import Foundation
import Testing
import PagebulkKit
@testable import PagebulkReport

/// The order-0 median table with its bootstrap intervals, on two real runs:
/// the first icount boot (instructions; most cells constant to the
/// instruction) and the recorded TCG run (cycles; noisy).
@Suite struct Order0IntervalTests {
    static func document(_ directory: String) throws -> Order0Document {
        try JSONText.decode(Order0Document.self,
                            from: String(contentsOfFile: directory + "/order0.json", encoding: .utf8))
    }

    static func icount() throws -> Order0Document { try document(RecordedRun.icountOrder0) }
    static func tcg() throws -> Order0Document { try document(RecordedRun.directory) }

    static func cells(_ t: Order0MedianTable) -> [(String, Estimate)] {
        (t.alloc + t.free + t.total).flatMap { row in
            [(row.name + " single", row.single)]
                + row.bulk.indices.flatMap { i in [("\(row.name) bulk \(i)", row.bulk[i]), ("\(row.name) ratio \(i)", row.ratio[i])] }
        }
    }

    @Test(arguments: [true, false]) func everyIntervalHoldsItsMedian(icount: Bool) throws {
        let table = Order0MedianTable(try icount ? Self.icount() : Self.tcg())
        #expect(table.alloc.count == 4 && table.free.count == 4 && table.total.count == 4)
        for (name, cell) in Self.cells(table) {
            let i = try #require(cell.interval, "\(name) has no interval")
            #expect(i.lower <= cell.value && cell.value <= i.upper, "\(name): \(cell.value) outside \(i)")
            #expect(cell.samples == (icount ? 30 : 20), "\(name)")
        }
    }

    /// The medians are the plain median table's, to the last bit.
    @Test func mediansAreTheMedianTables() throws {
        for d in [try Self.icount(), try Self.tcg()] {
            let t = Order0MedianTable(d), plain = Order0Table(d, statistic: .median)
            for (rows, plainRows) in [(t.alloc, plain.alloc), (t.free, plain.free), (t.total, plain.total)] {
                #expect(rows.map(\.name) == plainRows.map(\.name))
                #expect(rows.map(\.single.value) == plainRows.map(\.single))
                #expect(rows.map { $0.bulk.map(\.value) } == plainRows.map(\.bulk))
                #expect(rows.map { $0.ratio.map(\.value) } == plainRows.map { r in r.bulk.map { $0 / r.single } })
            }
        }
    }

    @Test func sameSeedSameIntervals() throws {
        let d = try Self.tcg()
        #expect(Order0MedianTable(d) == Order0MedianTable(d))
        #expect(Order0MedianTable(d, bootstrap: BootstrapInterval(seed: 7)) == Order0MedianTable(d, bootstrap: BootstrapInterval(seed: 7)))
        // Another seed moves the ends of the noisy run's intervals, not its medians.
        let other = Order0MedianTable(d, bootstrap: BootstrapInterval(seed: 7))
        #expect(other.alloc.map(\.single.value) == Order0MedianTable(d).alloc.map(\.single.value))
        #expect(Self.cells(other).map(\.1.interval) != Self.cells(Order0MedianTable(d)).map(\.1.interval))
        // Pinned: the default seed's interval of the TCG loop at batch 8.
        let a8 = try #require(Order0MedianTable(d).alloc.first { $0.batch == 8 })
        #expect(a8.single.value == 1652.1875 && a8.single.interval == Interval(1607.875, 1693.625))
    }

    /// Under icount the 30 samples of a cell are mostly one count: the
    /// interval is a point, and says so.
    @Test func icountCellsAreExact() throws {
        let t = Order0MedianTable(try Self.icount())
        let a8 = try #require(t.alloc.first { $0.batch == 8 })
        #expect(a8.single.value == 368.625 && a8.single.interval == Interval(368.625, 368.625))
        #expect(a8.bulk[0].value == 134.875)
        let worst = try #require(t.worst())
        #expect(worst.alloc.batch == 8 && abs(worst.alloc.ratio.value - 134.875 / 368.625) < 1e-12)
        #expect(worst.free.batch == 8 && worst.free.ratio.interval == Interval(253.625 / 228.25, 253.625 / 228.25))
        #expect(t.freeNotDearerThanRelease())
    }

    @Test func renderedTableHasIntervalColumns() throws {
        let d = try Self.icount()
        let text = Order0Text.render(d)
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("median ") })
        for column in ["n", "alloc_page/__free_page", "bulk_array/free_pages_bulk", "/ loop", "bulk_array/release_pages"] {
            #expect(header.contains(column), "\(column)")
        }
        #expect(text.contains("instructions (QEMU icount) per page (QEMU icount): median [95% bootstrap interval]"))
        let a8 = try #require(lines.first { $0.hasPrefix("alloc-odr0-8 ") })
        #expect(a8.contains(" 30 ") && a8.contains("368.63 [368.63, 368.63]") && a8.contains("36.6% [36.6, 36.6]"))
        let f8 = try #require(lines.first { $0.hasPrefix("free-odr0-8 ") })
        #expect(f8.contains("111.1% [111.1, 111.1]") && f8.contains("119.6% [119.6, 119.6]"))
        #expect(text.contains("intervals: percentile bootstrap, 1000 resamples, seed 0x5eedb007"))
        // Mel's mean table stays, labelled, after the medians.
        let mean = try #require(text.range(of: "Mel Gorman's layout, arithmetic mean, no interval:"))
        #expect(try #require(text.range(of: "median ")).lowerBound < mean.lowerBound)
        #expect(text.contains("Amean alloc-odr0-8"))
        #expect(text.contains("(Median, 95% interval): alloc_pages_bulk_array 36.6% [36.6, 36.6] at batch 8 (bar 40%)"))
        #expect(!text.contains("cycles"))
    }

    @Test func barsCarryTheRatioInterval() throws {
        let bars = SeedSummary.bars([.order0(try Self.icount())])
        let alloc = try #require(bars.first { $0.experiment == "order0 alloc" })
        #expect(alloc.verdict == .met && alloc.interval == "36.6-36.6%")
        #expect(alloc.figure.hasPrefix("alloc_pages_bulk_array at most 36.6% of the alloc_page loop (medians, batch 8, n = 30)"))
        let free = try #require(bars.first { $0.experiment == "order0 free" })
        #expect(free.verdict == .missed && free.figure.contains("111.1%") && free.interval == "111.1-111.1%")
        let noisy = SeedSummary.bars([.order0(try Self.tcg())]).first { $0.experiment == "order0 alloc" }
        #expect(noisy.map { $0.interval != "-" && $0.line.contains("[95%: ") } == true)
    }

    @Test func htmlTableAndChartShowIntervals() throws {
        let recorded = RecordedDocument(path: "order0/order0.json", document: .order0(try Self.tcg()))
        let html = HTMLPage.page(title: "t", documents: [recorded], plots: [])
        #expect(html.contains("<th>median</th><th>n</th><th>alloc_page/__free_page</th>"))
        #expect(html.contains("<td class=n>1652.19 [1607.88, 1693.63]</td>"))
        #expect(html.contains("bulk / loop per page, medians, 95% bootstrap") && html.components(separatedBy: "<circle").count == 13)
    }

    /// scripts/plot-order0.py draws its error bars the harness's way, draw
    /// for draw: its order0.dat holds the table's medians and intervals,
    /// with numpy (where the host has it) and without.
    @Test(arguments: [(true, false), (false, false), (false, true)])
    func plotDrawsTheTablesIntervals(icount: Bool, pure: Bool) throws {
        let source = icount ? RecordedRun.icountOrder0 : RecordedRun.directory
        let dir = try RecordedRun.scratchCopy(of: source)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = pure ? ["PAGEBULK_PLOT_NO_NUMPY=1"] : []
        #expect(try RecordedRun.run(env + ["python3", RecordedRun.repository + "/scripts/plot-order0.py", dir]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/order0-cost.png"))
        let series = try String(contentsOfFile: "\(dir)/order0.dat", encoding: .utf8)
            .components(separatedBy: "\n\n\n").filter { $0.hasPrefix("#") }
        #expect(series.count == 5)
        let t = Order0MedianTable(try Self.document(source))
        // The plot's five series in its order: alloc loop, bulk; free loop, bulk, release.
        let expected: [[Estimate]] = [t.alloc.map(\.single), t.alloc.map { $0.bulk[0] }, t.free.map(\.single),
                                      t.free.map { $0.bulk[0] }, t.free.compactMap { $0.bulk.count > 1 ? $0.bulk[1] : nil }]
        for (text, cells) in zip(series, expected) {
            let points = text.split(separator: "\n").dropFirst().map { $0.split(separator: " ").compactMap { Double($0) } }
            #expect(points.count == cells.count)
            for (p, cell) in zip(points, cells) {
                let i = try #require(cell.interval)
                #expect(p.count == 4 && p[1] == cell.value && p[2] == i.lower && p[3] == i.upper, "\(p) vs \(cell)")
            }
        }
    }
}
