import PagebulkKit

/// report.html: the seed summary on top, then per scenario document its
/// context, its table as an HTML table, its plots beside it, and the
/// terminal text folded away.
public enum HTMLPage {
    /// `plots` are paths relative to the run; a plot goes beside the
    /// document whose directory or scenario name it starts with.
    public static func page(title: String, documents: [RecordedDocument], plots: [String]) -> String {
        let docs = documents.map(\.document)
        var body = "<h1>\(escape(title))</h1>\n<h2>against the seeds</h2>\n" + summary(SeedSummary.bars(docs))
        var placed: Set<String> = []
        for recorded in documents {
            let doc = recorded.document
            let mine = plots.filter { plot in
                !placed.contains(plot) && (plot.hasPrefix(directory(of: recorded.path))
                    || plot.hasPrefix(doc.scenario.rawValue))
            }
            placed.formUnion(mine)
            body += "<section><h2>\(escape(doc.scenario.rawValue)) <small>\(escape(recorded.path))</small></h2>\n"
            body += "<p class=ctx>\(escape(describe(doc.context)))</p>\n"
            // The boot command line carries the guest's whole command in
            // base64: folded, and wrapped anywhere when unfolded.
            if let cmd = doc.context.cmdline {
                body += "<details class=ctx><summary>boot command line</summary><code>\(escape(cmd))</code></details>\n"
            }
            body += "<div class=row>"
            if let table = table(doc) { body += "<div class=table>" + html(table) + "</div>" }
            let drawn = charts(doc) + order0Charts(doc)
            if !drawn.isEmpty { body += "<div class=charts>" + drawn.map { $0.svg() }.joined() + "</div>" }
            for plot in mine { body += figure(plot) }
            body += "</div>\n<details><summary>terminal text</summary><pre>\(escape(text(doc)))</pre></details></section>\n"
        }
        let fragmentation = docs.compactMap { if case let .fragmentation(d) = $0 { d } else { nil } }
        if !fragmentation.isEmpty {
            let boots = fragmentation.enumerated().map { (label: "\($0.offset + 1)", document: $0.element) }
            body += "<section><h2>fragmentation: one driver method per boot</h2>\n"
            body += "<pre>\(escape(FragmentationBootsText.render(boots)))</pre></section>\n"
        }
        let rest = plots.filter { !placed.contains($0) }
        if !rest.isEmpty { body += "<section><h2>plots</h2>\n" + rest.map(figure).joined() + "</section>\n" }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>body{font-family:sans-serif;max-width:110em;margin:2em auto;padding:0 1em}
            pre{background:#f6f6f6;padding:1em;overflow-x:auto}.ctx{color:#555;overflow-wrap:anywhere}.ctx code{word-break:break-all}
            table{border-collapse:collapse;margin:1em 0}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.row{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}
            .table{max-width:100%;overflow-x:auto;font-size:.9em}#summary td{overflow-wrap:break-word}#summary td:first-child{white-space:nowrap}
            td.met{background:#dff0d8}td.missed{background:#f8d7da}td.absent{color:#777}
            svg.whiskers{font-size:11px;display:block;margin:1em 0}svg .t{font-weight:bold}svg .g{stroke:#ddd}
            svg .w{stroke:#333;stroke-width:1.5}svg circle{fill:#1f5fa8}
            figure{margin:0;max-width:100%}img{max-width:100%;width:36em}</style></head>
            <body>
            \(body)<p class=ctx>Latencies are guest time under the accelerator named above; under QEMU TCG
            they compare only within one boot. Intervals are 95%: Wilson for rates, bootstrap for medians.</p>
            </body></html>

            """
    }

    /// The seed bars as a table with a stable id: a browser check looks for it.
    static func summary(_ bars: [SeedBar]) -> String {
        var out = "<table id=summary><tr><th>experiment</th><th>seed</th><th>bar</th><th>this run</th>"
            + "<th>95% interval</th><th>verdict</th></tr>\n"
        for b in bars {
            let cls = b.verdict == .absent ? "absent" : b.verdict.rawValue
            out += "<tr><td>\(escape(b.experiment))</td><td>\(escape(b.seed))</td><td>\(escape(b.bar))</td>"
                + "<td>\(escape(b.figure))</td><td>\(escape(b.interval))</td>"
                + "<td class=\(cls)>\(escape(b.verdict.rawValue))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// Beside an allocation table: each method's median latency and its
    /// full-success rate, with their intervals.
    static func charts(_ doc: ResultDocument) -> [WhiskerChart] {
        if case let .dmaheap(d) = doc { return HeapCharts.charts(d) }
        guard case let .allocation(d) = doc, !d.summary.isEmpty else { return [] }
        let latency = d.summary.compactMap { s in
            s.latencyNs.map { WhiskerChart.Row(s.subject, $0.median / 1e6,
                                               Interval($0.medianInterval.lower / 1e6, $0.medianInterval.upper / 1e6)) }
        }
        let full = d.summary.map { WhiskerChart.Row($0.subject, $0.fullRate.value, $0.fullRate.interval) }
        return [WhiskerChart(title: "p50 latency, ms (\(d.context.latencyLabel)), 95% bootstrap interval", rows: latency),
                WhiskerChart(title: "trials with every piece, 95% Wilson interval", rows: full, axis: .percent)]
    }

    /// Beside the order-0 table: each bulk call's median cost per page over
    /// the loop's, the bars' figure, with its interval.
    static func order0Charts(_ doc: ResultDocument) -> [WhiskerChart] {
        guard case let .order0(d) = doc else { return [] }
        let t = Order0MedianTable(d)
        let calls = ["alloc_pages_bulk_array", "free_pages_bulk", "release_pages"]
        func rows(_ rows: [Order0MedianTable.Row], _ first: Int) -> [WhiskerChart.Row] {
            rows.flatMap { row in
                row.ratio.indices.map { i in
                    WhiskerChart.Row("\(calls[Swift.min(first + i, calls.count - 1)]) \(row.batch)",
                                     row.ratio[i].value, row.ratio[i].interval)
                }
            }
        }
        let all = rows(t.alloc, 0) + rows(t.free, 1)
        guard !all.isEmpty else { return [] }
        return [WhiskerChart(title: "bulk / loop per page, medians, 95% bootstrap", rows: all)]
    }

    /// The terminal's text for one document.
    public static func text(_ doc: ResultDocument) -> String {
        switch doc {
        case let .allocation(d): AllocationText.render(d)
        case let .order0(d): Order0Text.render(d)
        case let .fragmentation(d): FragmentationText.single(d)
        case let .dmaheap(d): HeapText.render(d)
        }
    }

    static func table(_ doc: ResultDocument) -> TextTable? {
        switch doc {
        case let .allocation(d): AllocationText.table(d)
        case let .order0(d): Order0MedianTable(d).textTable()
        case .fragmentation: nil
        case let .dmaheap(d): HeapText.table(d)
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "\u{0}" }
        return String(path[...slash])
    }

    static func html(_ t: TextTable) -> String {
        var out = "<table><tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in t.rows {
            out += "<tr>" + row.map { cell in
                (TextTable.isNumeric(cell) ? "<td class=n>" : "<td>") + escape(cell) + "</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</table>"
    }

    static func figure(_ plot: String) -> String {
        "<figure><img src=\"\(escape(plot))\" alt=\"\(escape(plot))\"><figcaption>\(escape(plot))</figcaption></figure>\n"
    }

    static func describe(_ c: RunContext) -> String {
        var parts = ["kernel \(c.kernelRelease)"]
        if let v = c.debianVersion { parts.append("Debian \(v)") }
        if let s = c.seriesHash { parts.append("series \(s)") }
        if let h = c.configHash { parts.append("config \(h)") }
        parts.append("accel \(c.accel ?? "tcg") (\(c.latencyLabel) time)")
        if let m = c.guestMemoryMiB { parts.append("guest \(m) MiB") }
        return parts.joined(separator: "; ")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
