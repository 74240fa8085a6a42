/// A sample's order statistics, defined once for every table: quantiles by
/// linear interpolation between order statistics (Hyndman and Fan type 7,
/// what R and NumPy default to), so the median of an even sample is the
/// mean of the two middle values.
public struct Quantiles: Sendable, Equatable {
    /// Sorted, never empty.
    public let sorted: [Double]

    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        sorted = finite.sorted()
    }

    public init?(_ values: [UInt64]) {
        self.init(values.map { Double($0) })
    }

    public var count: Int { sorted.count }
    public var min: Double { sorted[0] }
    public var max: Double { sorted[sorted.count - 1] }
    public var median: Double { value(at: 0.5) }

    /// The p-quantile, p in 0...1.
    public func value(at p: Double) -> Double {
        let h = Double(sorted.count - 1) * Swift.min(1, Swift.max(0, p))
        let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Below 10 values a 90th percentile is the maximum or an interpolation
    /// towards it; it says nothing the maximum does not.
    public var p90: Double? { count >= 10 ? value(at: 0.90) : nil }
    /// Below 100 values the same holds for the 99th.
    public var p99: Double? { count >= 100 ? value(at: 0.99) : nil }
}

/// A closed interval of plausible values for an estimate.
public struct Interval: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = Swift.min(lower, upper)
        self.upper = Swift.max(lower, upper)
    }

    public func overlaps(_ other: Interval) -> Bool { lower <= other.upper && other.lower <= upper }
}

/// A figure with the number of samples behind it and, when the statistic
/// has one, its 95% interval.
public struct Estimate: Sendable, Equatable {
    public var value: Double
    public var samples: Int
    public var interval: Interval?

    public init(value: Double, samples: Int, interval: Interval? = nil) {
        self.value = value
        self.samples = samples
        self.interval = interval
    }
}
