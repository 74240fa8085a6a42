import PagebulkKit
import Testing
@testable import PagebulkReport

/// compare's arithmetic and its significance rule on fixed inputs.
@Suite struct ComparisonTests {
    func estimate(_ v: Double, n: Int, _ lo: Double? = nil, _ hi: Double? = nil) -> Estimate {
        Estimate(value: v, samples: n, interval: lo.flatMap { l in hi.map { Interval(l, $0) } })
    }

    func row(_ a: Estimate, _ b: Estimate, lower: Bool = true) -> Comparison.Row {
        Comparison.Row(metric: "p50-ms", subject: "x", a: a, b: b, lowerIsBetter: lower)
    }

    @Test func changeAndVerdictFollowTheMetricDirection() {
        let faster = row(estimate(200, n: 10, 190, 210), estimate(150, n: 10, 140, 160))
        #expect(faster.changePercent == -25 && faster.verdict == .better)
        let fewer = row(estimate(100, n: 10, 95, 100), estimate(80, n: 10, 70, 85), lower: false)
        #expect(fewer.changePercent == -20 && fewer.verdict == .worse)
        let fromZero = row(estimate(0, n: 10, 0, 30), estimate(100, n: 10, 70, 100), lower: false)
        #expect(fromZero.changePercent == nil && fromZero.verdict == .better)
    }

    /// The README's compare-stock run: 7.55 against 8.51 ms with five
    /// trials each is noise; the old compare called it "worse".
    @Test func overlappingIntervalsAreNoDifference() {
        let r = row(estimate(7.55, n: 5, 6.9, 9.1), estimate(8.51, n: 5, 7.2, 9.9))
        #expect(r.verdict == .noDifference)
    }

    @Test func tinySamplesAreNeverBetterOrWorse() {
        // Far apart, but two trials a side.
        let r = row(estimate(200, n: 2, 199, 201), estimate(100, n: 2, 99, 101))
        #expect(r.verdict == .tooFew)
        #expect(row(estimate(5, n: 1), estimate(5, n: 1)).verdict == .same)
    }

    @Test func extremesWithoutIntervalsAreNotJudged() {
        let r = row(estimate(9.87, n: 5), estimate(10.18, n: 5))
        #expect(r.verdict == .notJudged)
    }

    @Test func painterSeesTheVerdict() throws {
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        func doc(_ single: UInt64, _ bulk: UInt64) -> Order0Document {
            // Ten samples a run, spread by one cycle: tight intervals.
            func samples(_ c: UInt64) -> [Order0Sample] {
                (0..<10).map { Order0Sample(allocNs: 1, allocCycles: c + $0 % 2, freeNs: 1, freeCycles: c) }
            }
            return Order0Document(context: ctx, parameters: Order0Parameters(iterations: 10, warmup: 0, pageOwner: false),
                                  pcp: [], runs: [
                Order0Run(alloc: .single, free: .single, batch: 1, samples: samples(single), preempted: 0, short: 0),
                Order0Run(alloc: .bulk, free: .bulk, batch: 1, samples: samples(bulk), preempted: 0, short: 0),
            ])
        }
        let c = try #require(Comparison(.order0(doc(400, 200)), .order0(doc(400, 100))))
        let bulk = try #require(c.rows.first { $0.metric == "alloc-odr0-1" && $0.subject == "bulk" })
        #expect(bulk.verdict == .better && bulk.a.samples == 10)
        let painted = c.render(nameA: "A", nameB: "B") { text, verdict in verdict == .better ? "[\(text)]" : text }
        #expect(painted.contains("[better"))
        #expect(!painted.contains("[worse"))
        #expect(painted.contains("alloc-odr0-1"))
    }

    /// Documents of different kinds, or fragmentation boots of different
    /// drivers, are not compared.
    @Test func onlyLikeDocumentsCompare() throws {
        let run = try RecordedRun.documents()
        let order0 = try #require(run.first { $0.scenario == .order0 })
        let highorder = try #require(run.first { $0.scenario == .highorder })
        #expect(Comparison(order0, highorder) == nil)
        let frag = run.filter { $0.scenario == .fragmentation }
        #expect(frag.count == 2)
        #expect(Comparison(frag[0], frag[1]) == nil)
        #expect(Comparison(highorder, highorder)?.rows.allSatisfy { $0.verdict == .same } == true)
    }

    @Test func fragmentationBootsOfOneDriverCompareByFigure() throws {
        let frag = try RecordedRun.documents().filter { $0.scenario == .fragmentation }
        let c = try #require(Comparison(frag[0], frag[0]))
        #expect(c.rows.map(\.metric) == ["unmovable-o0-free", "free-blocks-o3+", "mixed-blocks",
                                         "order-3-obtained", "order-9-obtained", "driver-ns-per-page"])
        #expect(c.unpaired.isEmpty)
        #expect(c.render(nameA: "a", nameB: "b").contains("unmovable-o0-free"))
    }
}
