import PagebulkKit

/// Percentile bootstrap for a median: resample with replacement, take each
/// resample's median, and report the 2.5th and 97.5th percentiles of those.
/// The generator is seeded, so a report printed twice prints the same
/// interval; the seed is part of the type so documents can record it.
public struct BootstrapInterval: Sendable, Equatable {
    public static let defaultSeed: UInt64 = 0x5EED_B007
    public var seed: UInt64
    public var resamples: Int

    public init(seed: UInt64 = Self.defaultSeed, resamples: Int = 1000) {
        self.seed = seed
        self.resamples = Swift.max(1, resamples)
    }

    /// The 95% interval of the median of `sample`.
    public func median(_ sample: Quantiles) -> Interval {
        let n = sample.count
        var rng = SplitMix64(seed: seed)
        var counts = [Int](repeating: 0, count: n)
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        // A resample of a sorted sample is a multiset of ranks: counting
        // them finds its median in O(n), without sorting each resample.
        for _ in 0..<resamples {
            for i in counts.indices { counts[i] = 0 }
            for _ in 0..<n { counts[Int(rng.next(upperBound: UInt64(n)))] += 1 }
            medians.append(Self.median(ofRanks: counts, in: sample.sorted))
        }
        let spread = Quantiles(medians) ?? sample
        return Interval(spread.value(at: 0.025), spread.value(at: 0.975))
    }

    /// The median of the multiset holding `counts[i]` copies of `sorted[i]`.
    static func median(ofRanks counts: [Int], in sorted: [Double]) -> Double {
        let n = counts.reduce(0, +)
        // 0-based positions of the middle value(s).
        let lowMid = (n - 1) / 2, highMid = n / 2
        var seen = 0
        var low: Double?
        for (rank, c) in counts.enumerated() where c > 0 {
            seen += c
            if low == nil, seen > lowMid { low = sorted[rank] }
            if seen > highMid, let low { return (low + sorted[rank]) / 2 }
        }
        return sorted[sorted.count - 1]
    }
}
