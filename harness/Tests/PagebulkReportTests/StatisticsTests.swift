import Testing
@testable import PagebulkReport

/// The statistics every table uses, against values worked out by hand or
/// published.
@Suite struct StatisticsTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 5e-5) -> Bool { abs(a - b) <= tolerance }

    @Test func quantilesInterpolateBetweenOrderStatistics() throws {
        let four = try #require(Quantiles([4, 1, 3, 2] as [Double]))
        #expect(four.median == 2.5 && four.min == 1 && four.max == 4)
        #expect(Quantiles([] as [Double]) == nil)
        // The sample the nearest-rank Percentiles was tested on: now one
        // definition, interpolating, so an even sample's median is 5.5.
        let p = try #require(Quantiles([5, 1, 4, 2, 3, 10, 9, 8, 7, 6] as [UInt64]))
        #expect(p.min == 1 && p.median == 5.5 && p.max == 10 && p.count == 10 && p.p99 == nil)
        #expect(Quantiles([Double.nan, 3]) == Quantiles([3] as [Double]))
        let ten = try #require(Quantiles((1...10).map(Double.init)))
        #expect(close(ten.value(at: 0.9), 9.1))
        #expect(ten.p90 != nil && ten.p99 == nil)
        let nine = try #require(Quantiles((1...9).map(Double.init)))
        #expect(nine.p90 == nil)
        let hundred = try #require(Quantiles((1...100).map(Double.init)))
        #expect(close(try #require(hundred.p99), 99.01))
        #expect(Quantiles((1...99).map(Double.init))?.p99 == nil)
    }

    /// Published values (Wilson 1927; Newcombe 1998, table I, method 3).
    @Test func wilsonIntervalKnownValues() throws {
        let none = try #require(WilsonInterval.rate(successes: 0, of: 10))
        #expect(none.lower == 0 && close(none.upper, 0.2775))
        let half = try #require(WilsonInterval.rate(successes: 5, of: 10))
        #expect(close(half.lower, 0.2366) && close(half.upper, 0.7634))
        let all = try #require(WilsonInterval.rate(successes: 10, of: 10))
        #expect(close(all.lower, 0.7225) && all.upper == 1)
        // Newcombe's example: 81 of 263.
        let n = try #require(WilsonInterval.rate(successes: 81, of: 263))
        #expect(close(n.lower, 0.2553, 1e-4) && close(n.upper, 0.3662, 1e-4))
        #expect(WilsonInterval.rate(successes: 1, of: 0) == nil)
        #expect(WilsonInterval.rate(successes: 3, of: 2) == nil)
    }

    @Test func bootstrapIsReproducibleAndPlausible() throws {
        let constant = try #require(Quantiles([7, 7, 7, 7, 7] as [Double]))
        #expect(BootstrapInterval().median(constant) == Interval(7, 7))
        let uniform = try #require(Quantiles((1...101).map(Double.init)))
        let once = BootstrapInterval().median(uniform), twice = BootstrapInterval().median(uniform)
        #expect(once == twice)
        // The exact distribution-free 95% interval of the median of 101
        // values is order statistics 51 -+ 1.96 * sqrt(101) / 2, [41, 61];
        // the bootstrap lands within a rank of it whatever the seed.
        #expect((40...42).contains(once.lower) && (60...62).contains(once.upper), "\(once)")
        #expect(once == Interval(41, 60))
        let other = BootstrapInterval(seed: 2).median(uniform)
        #expect((40...42).contains(other.lower) && (60...62).contains(other.upper), "\(other)")
    }

    @Test func medianOfRanksCountsCopies() {
        let sorted: [Double] = [10, 20, 30, 40]
        #expect(BootstrapInterval.median(ofRanks: [0, 3, 0, 0], in: sorted) == 20)
        #expect(BootstrapInterval.median(ofRanks: [1, 0, 0, 1], in: sorted) == 25)
        #expect(BootstrapInterval.median(ofRanks: [2, 0, 1, 1], in: sorted) == 20)
        #expect(BootstrapInterval.median(ofRanks: [1, 1, 1, 0], in: sorted) == 20)
    }

    @Test func intervalsOverlapAtTheirEnds() {
        #expect(Interval(1, 2).overlaps(Interval(2, 3)))
        #expect(!Interval(1, 2).overlaps(Interval(2.5, 3)))
        #expect(Interval(3, 1) == Interval(1, 3))
    }
}

/// The bootstrap of paired columns the order-0 table resamples.
@Suite struct ResampledMediansTests {
    @Test func rowsStayPairedAndTheDrawRepeats() throws {
        let column = (1...41).map { Double($0 * $0 % 17) }
        let m = try #require(ResampledMedians([column, column.map { $0 * 2 }], stream: 9, resamples: 200))
        #expect(m.count == 41 && m.replicates.allSatisfy { $0.count == 200 })
        #expect(m.medians == [try #require(Quantiles(column)).median, 2 * (try #require(Quantiles(column)).median)])
        // The same rows in every column: the second is twice the first, resample by resample.
        #expect(zip(m.replicates[0], m.replicates[1]).allSatisfy { $1 == 2 * $0 })
        let a = Resampled(value: m.medians[0], replicates: m.replicates[0])
        let b = Resampled(value: m.medians[1], replicates: m.replicates[1])
        #expect((b / a).interval == Interval(2, 2))
        #expect(ResampledMedians([column], stream: 9, resamples: 200) == ResampledMedians([column], stream: 9, resamples: 200))
        #expect(ResampledMedians([column], stream: 9, resamples: 200) != ResampledMedians([column], stream: 10, resamples: 200))
    }

    /// One column, 1...101: the interval of the median lands where the
    /// distribution-free one does, as BootstrapInterval.median's does.
    @Test func oneColumnMatchesTheMedianBootstrap() throws {
        let m = try #require(ResampledMedians([(1...101).map(Double.init)], stream: BootstrapInterval.defaultSeed,
                                              resamples: 1000))
        let i = try #require(BootstrapInterval.percentiles(m.replicates[0]))
        #expect(m.medians == [51] && (40...42).contains(i.lower) && (60...62).contains(i.upper), "\(i)")
    }

    @Test func emptyRaggedAndZeroDenominators() {
        #expect(ResampledMedians([], stream: 1, resamples: 10) == nil)
        #expect(ResampledMedians([[]], stream: 1, resamples: 10) == nil)
        #expect(ResampledMedians([[1, 2], [1]], stream: 1, resamples: 10) == nil)
        #expect(ResampledMedians([[1, .nan]], stream: 1, resamples: 10) == nil)
        let zero = Resampled(value: 0, replicates: [0, 0]), one = Resampled(value: 1, replicates: [1, 2])
        #expect((one / zero).value.isNaN && (one / zero).interval == nil)
        #expect((one + one).replicates == [2, 4] && (one / 2).replicates == [0.5, 1])
        #expect(BootstrapInterval(seed: 5).stream(3) == 6)
    }

    /// Five boots against five: 252 splits. A difference of medians of 5
    /// needs 1, 2, 3 on one side and 8, 9, 10 on the other; 4 to 7 then
    /// split two and two: 6 ways, 12 with the sides swapped.
    @Test func medianDifferenceOfSeparatedSamples() throws {
        let d = try #require(MedianDifference([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
        #expect(d.difference == 5 && d.countA == 5 && d.countB == 5)
        #expect(abs(d.permutationP - 12.0 / 252) < 1e-12)
        #expect(d.excludesZero && d.interval.lower > 0)
        let same = try #require(MedianDifference([1, 2, 3], [1, 2, 3]))
        #expect(same.difference == 0 && same.permutationP == 1 && !same.excludesZero)
        #expect(MedianDifference([], [1]) == nil)
        #expect(MedianDifference([1, .nan], [2]) == nil)
        #expect(MedianDifference.splits(10, 5)?.count == 252)
        #expect(MedianDifference.splits(40, 20) == nil)
    }

}
