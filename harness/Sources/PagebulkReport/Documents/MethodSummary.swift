import PagebulkKit

/// One method's (and, in the pins scenario, one K's) trials summed up.
/// Derived from the trials; written into documents for readers without
/// pagebulk, never read back.
public struct MethodSummary: Codable, Sendable, Equatable {
    /// `AllocRequest.label`: the method, and its mode when it has one.
    public var label: String
    public var pins: UInt64?
    public var trials: Int
    public var requested: UInt64
    public var fullSuccess: Int
    public var worstYield: UInt64
    public var bestYield: UInt64
    public var latencyNs: LatencySummary?
    public var pagesMigrated: UInt64
    public var chunksSkipped: UInt64
    /// Why chunks were skipped, summed over the trials; nil for methods
    /// that walk no chunks, and in documents from before ABI 4.
    public var skips: SkipReasons?

    public init(label: String, pins: UInt64? = nil, trials all: [AllocTrial]) {
        let mine = all.filter { $0.request.label == label && $0.pins == pins }
        self.label = label
        self.pins = pins
        trials = mine.count
        requested = mine.first?.request.count ?? 0
        fullSuccess = mine.filter(\.isFull).count
        worstYield = mine.map(\.result.obtained).min() ?? 0
        bestYield = mine.map(\.result.obtained).max() ?? 0
        latencyNs = LatencySummary(mine.map(\.result.elapsedNs))
        pagesMigrated = mine.reduce(0) { $0.saturatingAdd($1.result.vm.pgmigrateSuccess) }
        chunksSkipped = mine.map(\.result.chunksSkipped).max() ?? 0
        let chunked = mine.filter { $0.result.chunksTried > 0 }.compactMap(\.result.skips)
        skips = chunked.isEmpty ? nil : chunked.reduce(SkipReasons()) { $0.adding($1) }
    }

    /// One summary per (K, label), in the order the trials first ran them.
    public static func all(_ trials: [AllocTrial]) -> [MethodSummary] {
        var seen: [(UInt64?, String)] = []
        for t in trials where !seen.contains(where: { $0 == (t.pins, t.request.label) }) {
            seen.append((t.pins, t.request.label))
        }
        return seen.map { MethodSummary(label: $0.1, pins: $0.0, trials: trials) }
    }

    /// "pins=10 cma-bulk/fast", or the label alone.
    public var subject: String { (pins.map { "pins=\($0) " } ?? "") + label }

    /// Share of trials that got every page, with its Wilson interval.
    public var fullRate: Estimate {
        Estimate(value: trials == 0 ? 0 : Double(fullSuccess) / Double(trials), samples: trials,
                 interval: WilsonInterval.rate(successes: fullSuccess, of: trials))
    }
}

/// Latency of a method's trials; the quantiles a sample this size supports.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: Int
    public var min: Double
    public var median: Double
    /// 95% bootstrap interval of the median (seed `BootstrapInterval.defaultSeed`).
    public var medianInterval: Interval
    /// Only from 10 trials.
    public var p90: Double?
    /// Only from 100 trials.
    public var p99: Double?
    public var max: Double

    public init?(_ ns: [UInt64], bootstrap: BootstrapInterval = BootstrapInterval()) {
        guard let q = Quantiles(ns) else { return nil }
        count = q.count
        min = q.min
        median = q.median
        medianInterval = bootstrap.median(q)
        p90 = q.p90
        p99 = q.p99
        max = q.max
    }

    public var medianEstimate: Estimate { Estimate(value: median, samples: count, interval: medianInterval) }
}
