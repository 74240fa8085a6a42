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

    public var scenario: String
    public var rows: [Row]

    /// Metrics every allocation scenario has, for each method (and group)
    /// present in both runs.
    public init(_ a: ScenarioResult, _ b: ScenarioResult) {
        scenario = a.scenario
        var rows: [Row] = []
        for sa in a.summary {
            guard let sb = b.summary.first(where: { $0.label == sa.label && $0.group == sa.group }) else { continue }
            let subject = (sa.group.map { $0 + " " } ?? "") + sa.label
            func row(_ metric: String, _ x: Double, _ y: Double, lower: Bool) -> Row {
                Row(metric: metric, subject: subject, a: x, b: y, samplesA: sa.trials, samplesB: sb.trials,
                    lowerIsBetter: lower)
            }
            if let la = sa.latencyNs, let lb = sb.latencyNs {
                rows.append(row("p50-ms", Double(la.p50) / 1e6, Double(lb.p50) / 1e6, lower: true))
                rows.append(row("max-ms", Double(la.max) / 1e6, Double(lb.max) / 1e6, lower: true))
            }
            func share(_ m: ScenarioResult.MethodSummary) -> Double {
                m.trials == 0 ? 0 : Double(m.fullSuccess) / Double(m.trials) * 100
            }
            rows.append(row("full-yield-%", share(sa), share(sb), lower: false))
            rows.append(row("worst-yield", Double(sa.worstYield), Double(sb.worstYield), lower: false))
        }
        self.rows = rows
    }

    /// The order-0 table's per-page costs (cycles), row by row.
    public init(_ a: Order0Result, _ b: Order0Result) {
        scenario = "order0"
        let ta = Order0Table(a), tb = Order0Table(b)
        let iterations = { (r: Order0Result) in Int(r.parameters["iterations"] ?? "") ?? 0 }
        let columns = ["single", "bulk", "release"]
        var rows: [Row] = []
        for (ra, rb) in zip(ta.alloc + ta.free + ta.total, tb.alloc + tb.free + tb.total) where ra.name == rb.name {
            let values = [(ra.single, rb.single)] + zip(ra.bulk, rb.bulk).map { ($0, $1) }
            for (i, (x, y)) in values.enumerated() {
                rows.append(Row(metric: ra.name, subject: columns[i], a: x, b: y, samplesA: iterations(a),
                                samplesB: iterations(b), lowerIsBetter: true))
            }
        }
        self.rows = rows
    }

    /// compare-kernels layout: `metric subject  A (n)  B (n)  change`.
    /// `paint` may decorate the padded verdict cell given the verdict
    /// (colour on a terminal); it must not change the text's width.
    public func render(nameA: String, nameB: String,
                       paint: (String, Int) -> String = { text, _ in text }) -> String {
        var lines = ["\(scenario): \(nameA) -> \(nameB); change is (B - A) / A"]
        let w0 = max(20, rows.map { $0.metric.count }.max() ?? 0)
        let w1 = max(10, rows.map { $0.subject.count }.max() ?? 0)
        lines.append(pad("metric", -w0) + "  " + pad("subject", -w1) + "  " + pad("A", 20) + "  " + pad("B", 20)
                     + "  " + pad("change", 9) + "  " + pad("B is", 6))
        for r in rows {
            let change = r.changePercent.map { (($0 >= 0) ? "+" : "") + fixed($0, 2) + "%" } ?? "-"
            let gain = r.verdict > 0 ? "better" : (r.verdict < 0 ? "worse" : "=")
            lines.append(pad(r.metric, -w0) + "  " + pad(r.subject, -w1) + "  "
                         + pad("\(fixed(r.a, 2)) (n=\(r.samplesA))", 20) + "  "
                         + pad("\(fixed(r.b, 2)) (n=\(r.samplesB))", 20) + "  " + pad(change, 9) + "  " + paint(pad(gain, 6), r.verdict))
        }
        return lines.joined(separator: "\n")
    }
}
