import Testing
import PagebulkKit
@testable import PagebulkReport

/// The order-0 table's arithmetic on runs whose figures are known.
@Suite struct Order0TableTests {
    static let parameters = Order0Parameters(iterations: 1, warmup: 0, pageOwner: false)
    let context = RunContext(kernelRelease: "6.12.117", environment: ["PAGEBULK_ACCEL": "tcg"], cmdline: nil)

    func run(_ a: Order0Alloc, _ f: Order0Free, batch: UInt32, alloc: [UInt64], free: [UInt64]) -> Order0Run {
        let samples = zip(alloc, free).map { Order0Sample(allocNs: $0 / 2, allocCycles: $0, freeNs: $1 / 2, freeCycles: $1) }
        return Order0Run(alloc: a, free: f, batch: batch, samples: samples, preempted: 0, short: 0)
    }

    @Test func costIsPerPageMeanAndMedian() throws {
        let cost = try #require(Order0Cost(run(.single, .single, batch: 8, alloc: [800, 1600, 2400], free: [80, 80, 160])))
        #expect(cost.samples == 3)
        #expect(cost.allocCycles == 200)        // (100 + 200 + 300) / 3
        #expect(cost.allocCyclesMedian == 200)
        #expect(cost.freeCyclesMedian == 10)
        #expect(cost.totalCycles == 200 + 40.0 / 3)
        #expect(cost.allocNs == 100)
        #expect(Order0Cost(run(.bulk, .bulk, batch: 8, alloc: [], free: [])) == nil)
    }

    @Test func rowsImprovementAndBar() throws {
        let result = Order0Document(context: context, parameters: Self.parameters, pcp: [], runs: [
            run(.single, .single, batch: 8, alloc: [2400], free: [800]),
            run(.bulk, .bulk, batch: 8, alloc: [800], free: [480]),
            run(.bulk, .release, batch: 8, alloc: [800], free: [640]),
            run(.single, .single, batch: 256, alloc: [25600], free: [25600]),
            run(.bulk, .bulk, batch: 256, alloc: [25600], free: [25600]),
        ])
        let table = Order0Table(result)
        #expect(table.alloc.map(\.name) == ["alloc-odr0-8", "alloc-odr0-256"])
        let a8 = table.alloc[0], f8 = table.free[0], t8 = table.total[0]
        #expect(a8.single == 300 && a8.bulk == [100])
        #expect(abs(a8.improvement(0) - 66.666) < 0.01)
        #expect(f8.single == 100 && f8.bulk == [60, 80])
        #expect(f8.improvement(0) == 40 && f8.improvement(1) == 20)
        #expect(t8.single == 400 && t8.bulk == [160, 180])
        // Batch 256 has no release_pages run: one bulk column.
        #expect(table.free[1].bulk == [100])
        let worst = try #require(table.worstRatios())
        #expect(abs(worst.alloc - 1.0 / 3) < 1e-9 && worst.free == 0.6)
        let text = table.render(latencyLabel: "QEMU TCG")
        #expect(text.contains("Amean alloc-odr0-8"))
        #expect(text.contains("300.00 (  0.00%)"))
        #expect(text.contains("100.00 ( 66.67%)"))
    }

    @Test func fixedRoundsHalfAwayFromZero() {
        #expect(fixed(302.875, 2) == "302.88")   // .875 is exact in binary
        #expect(fixed(1.5, 0) == "2")
        #expect(fixed(0.05, 1) == "0.1")
        #expect(fixed(-2.25, 1) == "-2.3")
        #expect(fixed(7, 2) == "7.00")
        #expect(fixed(0.001, 2) == "0.00")
    }
}

/// compare on two order-0 runs with different batch sets, as `make demo`
/// (1..16384) and `make test` (1 8 128 1024) write them.
@Suite struct ComparisonBatchSetTests {
    static func result(batches: [UInt32], release: Bool = true) -> Order0Document {
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        func run(_ a: Order0Alloc, _ f: Order0Free, _ batch: UInt32, _ cycles: UInt64) -> Order0Run {
            let s = [Order0Sample(allocNs: 1, allocCycles: cycles * UInt64(batch), freeNs: 1,
                                  freeCycles: cycles * UInt64(batch))]
            return Order0Run(alloc: a, free: f, batch: batch, samples: s, preempted: 0, short: 0)
        }
        let runs = batches.flatMap { b in
            [run(.single, .single, b, 300), run(.bulk, .bulk, b, 100)] + (release ? [run(.bulk, .release, b, 200)] : [])
        }
        return Order0Document(context: ctx, parameters: Order0Parameters(iterations: 1, warmup: 0, pageOwner: false), pcp: [], runs: runs)
    }

    @Test func rowsPairByNameWhenTheBatchSetsDiffer() {
        let c = Comparison(.order0(Self.result(batches: [1, 8, 128, 1024])), .order0(Self.result(batches: [8, 16, 128])))!
        let paired = Set(c.rows.map { "\($0.metric) \($0.subject)" })
        for batch in [8, 128] {
            for metric in ["alloc", "free", "total"] {
                #expect(paired.contains("\(metric)-odr0-\(batch) single"), "\(metric)-odr0-\(batch) dropped")
                #expect(paired.contains("\(metric)-odr0-\(batch) bulk"), "\(metric)-odr0-\(batch) dropped")
            }
            #expect(paired.contains("free-odr0-\(batch) release"))
        }
        // alloc: single, bulk; free and total: single, bulk, release; two batches.
        #expect(c.rows.count == 2 * (2 + 3 + 3))
        #expect(c.rows.allSatisfy { $0.a.value == $0.b.value && $0.verdict == .same })
        #expect(!paired.contains { $0.contains("odr0-1 ") || $0.contains("odr0-16 ") || $0.contains("odr0-1024 ") })
    }

    @Test func rowsOnlyOneRunHasArePrinted() {
        let c = Comparison(.order0(Self.result(batches: [1, 8])), .order0(Self.result(batches: [8, 16], release: false)))!
        let onlyA = c.unpaired.filter { $0.run == .a }.map { "\($0.metric) \($0.subject)" }
        let onlyB = c.unpaired.filter { $0.run == .b }.map { "\($0.metric) \($0.subject)" }
        // In the table's order: alloc, free, total rows, batch by batch, columns left to right.
        #expect(onlyA == ["alloc-odr0-1 single", "alloc-odr0-1 bulk",
                          "free-odr0-1 single", "free-odr0-1 bulk", "free-odr0-1 release", "free-odr0-8 release",
                          "total-odr0-1 single", "total-odr0-1 bulk", "total-odr0-1 release", "total-odr0-8 release"])
        #expect(Set(onlyB) == ["alloc-odr0-16 single", "alloc-odr0-16 bulk", "free-odr0-16 single",
                               "free-odr0-16 bulk", "total-odr0-16 single", "total-odr0-16 bulk"])
        #expect(c.rows.count == 2 + 2 + 2)
        let text = c.render(nameA: "demo", nameB: "test")
        #expect(text.contains("only A") && text.contains("only B"))
        let line = text.split(separator: "\n").first { $0.hasPrefix("alloc-odr0-16 ") }
        #expect(line?.contains("only B") == true)
        #expect(line.map { $0.split(separator: " ").contains("-") } == true)
    }
}

@Suite struct Order0MedianTests {
    @Test func medianTableIgnoresOneOutlier() throws {
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        func samples(_ cycles: [UInt64]) -> [Order0Sample] {
            cycles.map { Order0Sample(allocNs: 1, allocCycles: $0, freeNs: 1, freeCycles: $0) }
        }
        let result = Order0Document(context: ctx, parameters: Order0Parameters(iterations: 3, warmup: 0, pageOwner: false), pcp: [], runs: [
            Order0Run(alloc: .single, free: .single, batch: 2, samples: samples([400, 400, 40_000]), preempted: 0, short: 0),
            Order0Run(alloc: .bulk, free: .bulk, batch: 2, samples: samples([100, 100, 100]), preempted: 0, short: 0),
        ])
        let mean = Order0Table(result), median = Order0Table(result, statistic: .median)
        #expect(mean.alloc[0].single == 40_800.0 / 3 / 2)
        #expect(median.alloc[0].single == 200 && median.alloc[0].bulk == [50])
        #expect(median.render(latencyLabel: "KVM").contains("Median alloc-odr0-2"))
    }

    /// Under -icount the module's counter counts instructions: the table
    /// must say so, never "cycles".
    @Test func icountRunsAreLabelledInstructions() {
        let icount = RunContext(kernelRelease: "6.12.117", environment: ["PAGEBULK_ACCEL": "tcg-icount"], cmdline: nil)
        let tcg = RunContext(kernelRelease: "6.12.117", environment: ["PAGEBULK_ACCEL": "tcg"], cmdline: nil)
        #expect(icount.latencyLabel == "QEMU icount" && icount.costUnit == "instructions (QEMU icount)")
        #expect(tcg.latencyLabel == "QEMU TCG" && tcg.costUnit == "cycles")
        let doc = Order0Document(context: icount, parameters: Order0Parameters(iterations: 1, warmup: 0, pageOwner: false),
                                 pcp: [], runs: [])
        let text = Order0Text.render(doc)
        #expect(text.contains("instructions (QEMU icount) per page (QEMU icount)"))
        #expect(!text.contains("cycles"))
    }
}
