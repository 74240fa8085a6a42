import PagebulkKit

extension Comparison {
    /// compare-kernels layout: `metric subject  A (n) [interval]  B (n)
    /// [interval]  change  verdict`; values only one run has follow, marked
    /// "only A" or "only B". `paint` may decorate the padded verdict cell
    /// (colour on a terminal); it must not change the text's width.
    public func render(nameA: String, nameB: String,
                       paint: (String, Verdict?) -> String = { text, _ in text }) -> String {
        var lines = ["\(scenario.rawValue): \(nameA) -> \(nameB); change is (B - A) / A; "
                     + "a verdict needs n >= \(Self.minimumSamples) and 95% intervals apart"]
        let w0 = max(20, (rows.map(\.metric) + unpaired.map(\.metric)).map(\.count).max() ?? 0)
        let w1 = max(10, (rows.map(\.subject) + unpaired.map(\.subject)).map(\.count).max() ?? 0)
        let cells = rows.flatMap { [Self.cell($0.a), Self.cell($0.b)] } + unpaired.map { Self.cell($0.value) }
        let w2 = max(20, cells.map(\.count).max() ?? 0)
        func line(_ metric: String, _ subject: String, _ a: String, _ b: String, _ change: String,
                  _ verdict: String) -> String {
            pad(metric, -w0) + "  " + pad(subject, -w1) + "  " + pad(a, w2) + "  " + pad(b, w2) + "  "
                + pad(change, 9) + "  " + verdict
        }
        let w3 = Verdict.noDifference.rawValue.count
        lines.append(line("metric", "subject", "A", "B", "change", pad("B is", -w3)))
        for r in rows {
            let change = r.changePercent.map { (($0 >= 0) ? "+" : "") + fixed($0, 2) + "%" } ?? "-"
            lines.append(line(r.metric, r.subject, Self.cell(r.a), Self.cell(r.b), change,
                              paint(pad(r.verdict.rawValue, -w3), r.verdict)))
        }
        for u in unpaired {
            let value = Self.cell(u.value)
            lines.append(line(u.metric, u.subject, u.run == .a ? value : "-", u.run == .b ? value : "-", "-",
                              paint(pad("only \(u.run.rawValue)", -w3), nil)))
        }
        return lines.joined(separator: "\n")
    }

    /// "12.10 (n=5) [9.80, 14.20]", the interval only when there is one.
    static func cell(_ e: Estimate) -> String {
        "\(fixed(e.value, 2)) (n=\(e.samples))"
            + (e.interval.map { " [\(fixed($0.lower, 2)), \(fixed($0.upper, 2))]" } ?? "")
    }
}
