/// Two runs of the same scenario side by side, as mmtests' compare-kernels
/// prints them: per metric both values, the change in %, and how many
/// samples each value stands for.
public struct Comparison: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// e.g. "p50-ms", "full", "worst-yield", "alloc-odr0-8".
        public var metric: String
        /// Method label with its group, e.g. "pins=10 cma-bulk/fast".
        public var subject: String
        public var a: Double
        public var b: Double
        public var samplesA: Int
        public var samplesB: Int
        /// True when a smaller value is better (latency, cost).
        public var lowerIsBetter: Bool

        /// (b - a) / a in %, nil when a is 0.
        public var changePercent: Double? { a == 0 ? nil : (b - a) / a * 100 }

        /// +1 when b is better than a, -1 when worse, 0 when equal.
        public var verdict: Int {
            if a == b { return 0 }
            return (b < a) == lowerIsBetter ? 1 : -1
        }
    }

    /// A value only one of the two runs has: a method the other kernel
    /// lacks, a batch size the other run did not measure.
    public struct Unpaired: Sendable, Equatable {
        public enum Run: String, Sendable { case a = "A", b = "B" }
        public var metric: String
        public var subject: String
        public var value: Double
        public var samples: Int
        public var run: Run
    }

    public var scenario: String
    /// The values both runs have, in the first run's order.
    public var rows: [Row]
    /// The values one run has, the first run's first.
    public var unpaired: [Unpaired]

    /// One value of one run, before pairing.
    struct Cell {
        var metric: String
        var subject: String
        var value: Double
        var samples: Int
        var lowerIsBetter: Bool
        var key: String { metric + "\u{0}" + subject }
    }

    /// Pair the cells by metric and subject, never by position: two runs
    /// need not have the same methods or batch sizes.
    init(scenario: String, _ a: [Cell], _ b: [Cell]) {
        self.scenario = scenario
        var inB: [String: Cell] = [:]
        for cell in b where inB[cell.key] == nil { inB[cell.key] = cell }
        let keysA = Set(a.map(\.key))
        rows = []
        unpaired = []
        for x in a {
            if let y = inB[x.key] {
                rows.append(Row(metric: x.metric, subject: x.subject, a: x.value, b: y.value, samplesA: x.samples,
                                samplesB: y.samples, lowerIsBetter: x.lowerIsBetter))
            } else {
                unpaired.append(Unpaired(metric: x.metric, subject: x.subject, value: x.value, samples: x.samples,
                                         run: .a))
            }
        }
        for y in b where !keysA.contains(y.key) {
            unpaired.append(Unpaired(metric: y.metric, subject: y.subject, value: y.value, samples: y.samples, run: .b))
        }
    }

    /// Metrics every allocation scenario has, for each method (and group).
    public init(_ a: ScenarioResult, _ b: ScenarioResult) {
        func cells(_ r: ScenarioResult) -> [Cell] {
            r.summary.flatMap { m -> [Cell] in
                let subject = (m.group.map { $0 + " " } ?? "") + m.label
                func cell(_ metric: String, _ value: Double, lower: Bool) -> Cell {
                    Cell(metric: metric, subject: subject, value: value, samples: m.trials, lowerIsBetter: lower)
                }
                var out: [Cell] = []
                if let l = m.latencyNs {
                    out.append(cell("p50-ms", Double(l.p50) / 1e6, lower: true))
                    out.append(cell("max-ms", Double(l.max) / 1e6, lower: true))
                }
                let share = m.trials == 0 ? 0 : Double(m.fullSuccess) / Double(m.trials) * 100
                out.append(cell("full-yield-%", share, lower: false))
                out.append(cell("worst-yield", Double(m.worstYield), lower: false))
                return out
            }
        }
        self.init(scenario: a.scenario, cells(a), cells(b))
    }

    /// The order-0 table's per-page costs (cycles), by row name and column.
    public init(_ a: Order0Result, _ b: Order0Result) {
        func cells(_ r: Order0Result) -> [Cell] {
            let table = Order0Table(r)
            let iterations = Int(r.parameters["iterations"] ?? "") ?? 0
            let columns = ["single", "bulk", "release"]
            return (table.alloc + table.free + table.total).flatMap { row in
                ([row.single] + row.bulk).enumerated().map { i, value in
                    Cell(metric: row.name, subject: i < columns.count ? columns[i] : "column \(i)", value: value,
                         samples: iterations, lowerIsBetter: true)
                }
            }
        }
        self.init(scenario: "order0", cells(a), cells(b))
    }

    /// compare-kernels layout: `metric subject  A (n)  B (n)  change`;
    /// values only one run has follow, marked "only A" or "only B".
    /// `paint` may decorate the padded verdict cell given the verdict
    /// (colour on a terminal); it must not change the text's width.
    public func render(nameA: String, nameB: String,
                       paint: (String, Int) -> String = { text, _ in text }) -> String {
        var lines = ["\(scenario): \(nameA) -> \(nameB); change is (B - A) / A"]
        let w0 = max(20, (rows.map(\.metric) + unpaired.map(\.metric)).map(\.count).max() ?? 0)
        let w1 = max(10, (rows.map(\.subject) + unpaired.map(\.subject)).map(\.count).max() ?? 0)
        func line(_ metric: String, _ subject: String, _ a: String, _ b: String, _ change: String,
                  _ verdict: String) -> String {
            pad(metric, -w0) + "  " + pad(subject, -w1) + "  " + pad(a, 20) + "  " + pad(b, 20) + "  "
                + pad(change, 9) + "  " + verdict
        }
        lines.append(line("metric", "subject", "A", "B", "change", pad("B is", 6)))
        for r in rows {
            let change = r.changePercent.map { (($0 >= 0) ? "+" : "") + fixed($0, 2) + "%" } ?? "-"
            let gain = r.verdict > 0 ? "better" : (r.verdict < 0 ? "worse" : "=")
            lines.append(line(r.metric, r.subject, "\(fixed(r.a, 2)) (n=\(r.samplesA))",
                              "\(fixed(r.b, 2)) (n=\(r.samplesB))", change, paint(pad(gain, 6), r.verdict)))
        }
        for u in unpaired {
            let value = "\(fixed(u.value, 2)) (n=\(u.samples))"
            lines.append(line(u.metric, u.subject, u.run == .a ? value : "-", u.run == .b ? value : "-", "-",
                              paint(pad("only \(u.run.rawValue)", 6), 0)))
        }
        return lines.joined(separator: "\n")
    }
}
