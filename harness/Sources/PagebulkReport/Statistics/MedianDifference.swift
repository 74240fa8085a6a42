import PagebulkKit

/// Two independent samples (boots of two methods): the difference of
/// their medians, b - a, with a percentile-bootstrap 95% interval (each
/// sample resampled on its own) and a two-sided permutation test of the
/// same statistic, exact over every split of the pooled values when there
/// are at most `exactLimit` splits (5 + 5 boots: 252), sampled otherwise.
public struct MedianDifference: Sendable, Equatable {
    public static let exactLimit = 20_000
    public var difference: Double
    public var interval: Interval
    /// The share of splits whose |difference| is at least the observed one.
    public var permutationP: Double
    public var countA: Int
    public var countB: Int

    /// Nil unless both samples have a value and all values are finite.
    public init?(_ a: [Double], _ b: [Double], seed: UInt64 = BootstrapInterval.defaultSeed, resamples: Int = 2000) {
        guard let qa = Quantiles(a), let qb = Quantiles(b),
              (a + b).allSatisfy(\.isFinite) else { return nil }
        countA = a.count
        countB = b.count
        difference = qb.median - qa.median
        var rng = SplitMix64(seed: seed)
        var replicates: [Double] = []
        replicates.reserveCapacity(resamples)
        for _ in 0..<Swift.max(1, resamples) {
            let ra = a.indices.map { _ in a[Int(rng.next(upperBound: UInt64(a.count)))] }
            let rb = b.indices.map { _ in b[Int(rng.next(upperBound: UInt64(b.count)))] }
            replicates.append((Quantiles(rb)?.median ?? 0) - (Quantiles(ra)?.median ?? 0))
        }
        let spread = Quantiles(replicates) ?? qa
        interval = Interval(spread.value(at: 0.025), spread.value(at: 0.975))
        permutationP = Self.permutationP(a, b, observed: abs(difference), rng: &rng, resamples: resamples)
    }

    /// Whether the interval leaves out zero.
    public var excludesZero: Bool { interval.lower > 0 || interval.upper < 0 }

    static func permutationP(_ a: [Double], _ b: [Double], observed: Double, rng: inout SplitMix64,
                             resamples: Int) -> Double {
        let pooled = a + b
        // A hair below the observed value, so that a split equal to it in
        // exact arithmetic but not in floating point still counts.
        let bar = observed - 1e-9 * Swift.max(1, observed)
        func statistic(_ inA: [Bool]) -> Double {
            let xa = pooled.indices.filter { inA[$0] }.map { pooled[$0] }
            let xb = pooled.indices.filter { !inA[$0] }.map { pooled[$0] }
            return abs((Quantiles(xb)?.median ?? 0) - (Quantiles(xa)?.median ?? 0))
        }
        if let splits = Self.splits(pooled.count, a.count), splits.count <= exactLimit {
            let extreme = splits.count { statistic($0) >= bar }
            return Double(extreme) / Double(splits.count)
        }
        var extreme = 1, drawn = 1  // the observed split counts once
        for _ in 0..<Swift.max(1, resamples) {
            var order = Array(pooled.indices)
            order.shuffle(using: &rng)
            var inA = [Bool](repeating: false, count: pooled.count)
            for i in order.prefix(a.count) { inA[i] = true }
            if statistic(inA) >= bar { extreme += 1 }
            drawn += 1
        }
        return Double(extreme) / Double(drawn)
    }

    /// Every way to pick `k` of `n` positions, or nil past `exactLimit`.
    static func splits(_ n: Int, _ k: Int) -> [[Bool]]? {
        var count = 1.0
        for i in 0..<k { count = count * Double(n - i) / Double(i + 1) }
        guard count <= Double(exactLimit) else { return nil }
        var out: [[Bool]] = []
        var pick = [Bool](repeating: false, count: n)
        func walk(_ from: Int, _ left: Int) {
            if left == 0 { out.append(pick); return }
            guard from + left <= n else { return }
            for i in from..<n where n - i >= left {
                pick[i] = true
                walk(i + 1, left - 1)
                pick[i] = false
            }
        }
        walk(0, k)
        return out
    }
}
