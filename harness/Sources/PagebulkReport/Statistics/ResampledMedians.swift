import PagebulkKit

/// The bootstrap replicates of the medians of a sample of paired values.
/// Each resample draws whole rows with replacement, so an order-0
/// iteration's alloc and free halves stay together, and every column's
/// median is taken over the same drawn rows. Sums and ratios of medians
/// then get their intervals from the replicates, resample by resample
/// (`Resampled`); a statistic of several independent samples draws each
/// from its own generator stream.
///
/// `scripts/plot-order0.py` repeats this draw for draw (SplitMix64, Swift's
/// `next(upperBound:)`, type-7 percentiles); change both or neither.
public struct ResampledMedians: Sendable, Equatable {
    /// Rows in the sample.
    public let count: Int
    /// Each column's own median, as `Quantiles` defines it.
    public let medians: [Double]
    /// `replicates[c][r]`: column c's median in resample r.
    public let replicates: [[Double]]

    /// `columns` are equally long and finite; nil for an empty sample.
    /// `stream` seeds the generator (`BootstrapInterval.stream(_:)`).
    public init?(_ columns: [[Double]], stream: UInt64, resamples: Int) {
        guard let n = columns.first?.count, n > 0,
              columns.allSatisfy({ $0.count == n && $0.allSatisfy(\.isFinite) }) else { return nil }
        // rank[c][k]: the row holding column c's k-th smallest value.
        let rank = columns.map { column in column.indices.sorted { (column[$0], $0) < (column[$1], $1) } }
        let sorted = zip(columns, rank).map { column, order in order.map { column[$0] } }
        var rng = SplitMix64(seed: stream)
        var counts = [Int](repeating: 0, count: n)
        var replicates = [[Double]](repeating: [], count: columns.count)
        for c in replicates.indices { replicates[c].reserveCapacity(resamples) }
        for _ in 0..<Swift.max(1, resamples) {
            for i in counts.indices { counts[i] = 0 }
            for _ in 0..<n { counts[Int(rng.next(upperBound: UInt64(n)))] += 1 }
            for c in columns.indices {
                replicates[c].append(Self.median(counts, rank: rank[c], sorted: sorted[c]))
            }
        }
        count = n
        medians = sorted.map { Quantiles($0)?.median ?? 0 }
        self.replicates = replicates
    }

    /// The median of a resample holding `counts[row]` copies of each row,
    /// as many draws as rows: `BootstrapInterval.median(ofRanks:in:)` with
    /// the counts read in the column's rank order, stopping at the middle.
    static func median(_ counts: [Int], rank: [Int], sorted: [Double]) -> Double {
        let n = counts.count
        let lowMid = (n - 1) / 2, highMid = n / 2
        var seen = 0
        var low: Double?
        for (k, row) in rank.enumerated() where counts[row] > 0 {
            seen += counts[row]
            if low == nil, seen > lowMid { low = sorted[k] }
            if seen > highMid, let low { return (low + sorted[k]) / 2 }
        }
        return sorted[sorted.count - 1]
    }
}

/// A statistic and its bootstrap replicates, equally many for every value
/// combined: sums and ratios are taken resample by resample, so a total or
/// a ratio of medians carries its own percentile interval.
public struct Resampled: Sendable, Equatable {
    public var value: Double
    public var replicates: [Double]

    public init(value: Double, replicates: [Double]) {
        self.value = value
        self.replicates = replicates
    }

    /// The 2.5th and 97.5th percentiles of the replicates (non-finite ones,
    /// from a zero denominator, left out); nil when none is finite.
    public var interval: Interval? { BootstrapInterval.percentiles(replicates) }

    public static func + (a: Resampled, b: Resampled) -> Resampled {
        Resampled(value: a.value + b.value, replicates: zip(a.replicates, b.replicates).map { $0 + $1 })
    }

    /// A ratio; a zero denominator gives NaN, never a trap.
    public static func / (a: Resampled, b: Resampled) -> Resampled {
        func ratio(_ x: Double, _ y: Double) -> Double { y == 0 ? .nan : x / y }
        return Resampled(value: ratio(a.value, b.value), replicates: zip(a.replicates, b.replicates).map(ratio))
    }

    /// Every value divided by a constant (a batch size: cost per page).
    public static func / (a: Resampled, d: Double) -> Resampled {
        Resampled(value: a.value / d, replicates: a.replicates.map { $0 / d })
    }
}

extension BootstrapInterval {
    /// The 95% percentile interval from a statistic's bootstrap replicates.
    public static func percentiles(_ replicates: [Double]) -> Interval? {
        Quantiles(replicates).map { Interval($0.value(at: 0.025), $0.value(at: 0.975)) }
    }

    /// The generator seed for one of several independent samples of a
    /// statistic, `key` naming the sample: each gets its own stream, and the
    /// same sample the same stream in every report.
    public func stream(_ key: UInt64) -> UInt64 { seed ^ key }
}
