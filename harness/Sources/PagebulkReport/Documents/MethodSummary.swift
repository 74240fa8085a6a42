import PagebulkKit

/// One method's (and, in the pins scenario, one K's) trials summed up.
/// Derived from the trials; written into documents for readers without
/// pagebulk, never read back.
public struct MethodSummary: Codable, Sendable, Equatable {
    /// `AllocRequest.label`: the method, and its mode when it has one.
    public var label: String
    public var pins: UInt64?
    /// The pins scenario's placement group; nil for the centres sweep.
    public var pinGroup: String?
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
    /// Yield against the bound the pins leave; nil when no trial has one.
    public var bound: BoundYield?

    public init(label: String, pins: UInt64? = nil, pinGroup: String? = nil, trials all: [AllocTrial]) {
        let mine = all.filter { $0.request.label == label && $0.pins == pins && $0.pinGroup == pinGroup }
        self.label = label
        self.pins = pins
        self.pinGroup = pinGroup
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
        bound = BoundYield(mine)
    }

    /// One summary per (K, group, label), in the order the trials first ran them.
    public static func all(_ trials: [AllocTrial]) -> [MethodSummary] {
        var seen: [(UInt64?, String?, String)] = []
        for t in trials where !seen.contains(where: { $0 == (t.pins, t.pinGroup, t.request.label) }) {
            seen.append((t.pins, t.pinGroup, t.request.label))
        }
        return seen.map { MethodSummary(label: $0.2, pins: $0.0, pinGroup: $0.1, trials: trials) }
    }

    /// "pins=10 cma-bulk/fast", "random K=250 cma-bulk/fast", or the label alone.
    public var subject: String { (group.map { "\($0) " } ?? "") + label }

    /// "pins=10" or "random K=250"; nil outside the pins scenario.
    public var group: String? {
        guard let pins else { return nil }
        return pinGroup.map { "\($0) K=\(pins)" } ?? "pins=\(pins)"
    }

    /// Share of trials that got every page, with its Wilson interval.
    public var fullRate: Estimate {
        Estimate(value: trials == 0 ? 0 : Double(fullSuccess) / Double(trials), samples: trials,
                 interval: WilsonInterval.rate(successes: fullSuccess, of: trials))
    }
}

/// A method's yields against the most pieces the pins (and the census)
/// left each of its calls (`AllocTrial.reachable`).
public struct BoundYield: Codable, Sendable, Equatable {
    /// Trials with a bound.
    public var trials: Int
    /// The lowest and highest reachable yield, min(requested, bound).
    public var lowestReachable: UInt64
    public var highestReachable: UInt64
    /// The lowest and highest bound itself (`PinBound.pieces`).
    public var lowestBound: UInt64
    public var highestBound: UInt64
    /// yield / reachable: the worst trial's, and the median.
    public var worstRatio: Double
    public var medianRatio: Double
    /// Trials that got at least 99 % of their reachable yield.
    public var withinOnePercent: Int

    public init?(_ trials: [AllocTrial]) {
        let pairs = trials.compactMap { t in t.reachable.map { (t.result.obtained, $0) } }
        let bounds = trials.compactMap { $0.bound?.pieces }
        guard !pairs.isEmpty else { return nil }
        let ratios = pairs.map { $0.1 == 0 ? 1 : Double($0.0) / Double($0.1) }
        self.trials = pairs.count
        lowestReachable = pairs.map(\.1).min() ?? 0
        highestReachable = pairs.map(\.1).max() ?? 0
        lowestBound = bounds.min() ?? 0
        highestBound = bounds.max() ?? 0
        worstRatio = ratios.min() ?? 0
        medianRatio = Quantiles(ratios)?.median ?? 0
        withinOnePercent = ratios.filter { $0 >= 0.99 }.count
    }

    /// Every trial within 1 % of its bound: the bar at K = 250.
    public var meetsBar: Bool { withinOnePercent == trials }
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
