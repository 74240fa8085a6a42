import PagebulkKit

/// Two runs of the same scenario side by side, as mmtests' compare-kernels
/// prints them: per metric both values with their sample counts and 95%
/// intervals, the change in %, and a verdict that claims a difference only
/// when the intervals say so.
public struct Comparison: Sendable, Equatable {
    /// What may be said about B against A.
    public enum Verdict: String, Sendable, Equatable {
        case better, worse
        /// The 95% intervals overlap.
        case noDifference = "no difference"
        /// Fewer than `minimumSamples` on a side: no claim either way.
        case tooFew = "too few"
        /// The statistic has no interval (a maximum, a worst case): shown, not judged.
        case notJudged = "-"
        case same = "="
    }

    /// Below this many samples on either side a verdict says `tooFew`.
    public static let minimumSamples = 5

    public struct Row: Sendable, Equatable {
        /// e.g. "p50-ms", "full-%", "worst-yield", "alloc-odr0-8".
        public var metric: String
        /// Method label with its K, e.g. "pins=10 cma-bulk/fast".
        public var subject: String
        public var a: Estimate
        public var b: Estimate
        /// True when a smaller value is better (latency, cost).
        public var lowerIsBetter: Bool

        public init(metric: String, subject: String, a: Estimate, b: Estimate, lowerIsBetter: Bool) {
            self.metric = metric
            self.subject = subject
            self.a = a
            self.b = b
            self.lowerIsBetter = lowerIsBetter
        }

        /// (b - a) / a in %, nil when a is 0.
        public var changePercent: Double? { a.value == 0 ? nil : (b.value - a.value) / a.value * 100 }

        public var verdict: Verdict {
            if a.value == b.value { return .same }
            guard a.samples >= Comparison.minimumSamples, b.samples >= Comparison.minimumSamples else {
                return .tooFew
            }
            guard let ia = a.interval, let ib = b.interval else { return .notJudged }
            if ia.overlaps(ib) { return .noDifference }
            return (b.value < a.value) == lowerIsBetter ? .better : .worse
        }
    }

    /// A value only one of the two runs has: a method the other kernel
    /// lacks, a batch size the other run did not measure.
    public struct Unpaired: Sendable, Equatable {
        public enum Run: String, Sendable { case a = "A", b = "B" }
        public var metric: String
        public var subject: String
        public var value: Estimate
        public var run: Run
    }

    /// One value of one run, before pairing.
    public struct Cell: Sendable {
        public var metric: String
        public var subject: String
        public var value: Estimate
        public var lowerIsBetter: Bool

        public init(metric: String, subject: String, value: Estimate, lowerIsBetter: Bool) {
            self.metric = metric
            self.subject = subject
            self.value = value
            self.lowerIsBetter = lowerIsBetter
        }

        var key: String { metric + "\u{0}" + subject }
    }

    public var scenario: Scenario
    /// The values both runs have, in the first run's order.
    public var rows: [Row]
    /// The values one run has, the first run's first.
    public var unpaired: [Unpaired]

    /// Pair the cells by metric and subject, never by position: two runs
    /// need not have the same methods or batch sizes.
    public init(scenario: Scenario, _ a: [Cell], _ b: [Cell]) {
        self.scenario = scenario
        var inB: [String: Cell] = [:]
        for cell in b where inB[cell.key] == nil { inB[cell.key] = cell }
        let keysA = Set(a.map(\.key))
        rows = []
        unpaired = []
        for x in a {
            if let y = inB[x.key] {
                rows.append(Row(metric: x.metric, subject: x.subject, a: x.value, b: y.value,
                                lowerIsBetter: x.lowerIsBetter))
            } else {
                unpaired.append(Unpaired(metric: x.metric, subject: x.subject, value: x.value, run: .a))
            }
        }
        for y in b where !keysA.contains(y.key) {
            unpaired.append(Unpaired(metric: y.metric, subject: y.subject, value: y.value, run: .b))
        }
    }

    /// Two documents of the same scenario; nil when they are not (a
    /// fragmentation boot of another driver is another experiment).
    public init?(_ a: ResultDocument, _ b: ResultDocument) {
        switch (a, b) {
        case let (.allocation(x), .allocation(y)) where x.scenario == y.scenario:
            self.init(scenario: x.scenario, ComparisonCells.allocation(x), ComparisonCells.allocation(y))
        case let (.order0(x), .order0(y)):
            self.init(scenario: .order0, ComparisonCells.order0(x), ComparisonCells.order0(y))
        case let (.dmaheap(x), .dmaheap(y)):
            self.init(scenario: .dmaheap, ComparisonCells.heap(x), ComparisonCells.heap(y))
        case let (.fragmentation(x), .fragmentation(y)) where x.driver.method == y.driver.method:
            self.init(scenario: .fragmentation, ComparisonCells.fragmentation(x), ComparisonCells.fragmentation(y))
        default:
            return nil
        }
    }
}
