import ArgumentParser
import PagebulkKit

/// `pagebulk report RUN_DIR`: one page for a results run, with every
/// scenario's tables as the terminal shows them and the plots beside them.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write RUN_DIR/report.html from the scenario results and plots in RUN_DIR.")

    @Argument(help: "A results/<run> directory.") var runDirectory: String

    func run() throws {
        let documents = try CompareCommand.documentFiles(runDirectory)
        guard !documents.isEmpty else { throw HarnessError.noScenarioResults(runDirectory) }
        let plots = (try? CompareCommand.files(in: runDirectory, suffix: ".png")) ?? []
        let html = try HTMLReport.page(title: "pagebulk results: \(runDirectory)", documents: documents, plots: plots)
        try TextFile.write(html, to: runDirectory + "/report.html")
        print("wrote \(runDirectory)/report.html\n")
        print(SeedSummary.lines(documents).joined(separator: "\n"))
    }
}

enum HTMLReport {
    /// The page: one section per scenario document (path relative to the
    /// run, JSON text), then the plots (paths relative to the run).
    static func page(title: String, documents: [CompareCommand.Document], plots: [String]) throws -> String {
        var body = "<h1>\(escape(title))</h1>\n<pre>\(escape(SeedSummary.lines(documents).joined(separator: "\n")))</pre>\n"
        var fragmentation: [FragmentationResult] = []
        for doc in documents {
            let text: String
            let context: RunContext
            switch doc.scenario {
            case "order0":
                let r = try JSON.decode(Order0Result.self, from: doc.text)
                (text, context) = (Order0Scenario.report(r), r.context)
            case "fragmentation":
                let r = try JSON.decode(FragmentationResult.self, from: doc.text)
                fragmentation.append(r)
                (text, context) = (FragmentationReport.single(r), r.context)
            default:
                let r = try JSON.decode(ScenarioResult.self, from: doc.text)
                (text, context) = (ResultReport.summary(r), r.context)
            }
            body += "<h2>\(escape(doc.scenario)) <small>\(escape(doc.path))</small></h2>\n"
            body += "<p class=ctx>\(escape(describe(context)))</p>\n<pre>\(escape(text))</pre>\n"
        }
        if fragmentation.count == 2, let a = fragmentation.first(where: { $0.driver.method == .allocPages }),
           let b = fragmentation.first(where: { $0.driver.method == .compact }) {
            body += "<h2>fragmentation: alloc_page boot against alloc_pages_compact boot</h2>\n"
            body += "<pre>\(escape(FragmentationReport.pair(a, b)))</pre>\n"
        }
        if !plots.isEmpty {
            body += "<h2>plots</h2>\n"
            for plot in plots {
                body += "<figure><img src=\"\(escape(plot))\" alt=\"\(escape(plot))\"><figcaption>\(escape(plot))</figcaption></figure>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>body{font-family:sans-serif;max-width:80em;margin:2em auto}pre{background:#f6f6f6;padding:1em;overflow-x:auto}
            .ctx{color:#555}figure{display:inline-block;margin:1em}img{max-width:40em}</style></head>
            <body>
            \(body)<p class=ctx>Latencies are guest time under the accelerator named above; under QEMU TCG
            they compare only within one boot. Counts (pages obtained, chunks skipped) are the robust figures.</p>
            </body></html>

            """
    }

    static func describe(_ c: RunContext) -> String {
        var parts = ["kernel \(c.kernelRelease)"]
        if let v = c.debianVersion { parts.append("Debian \(v)") }
        if let s = c.seriesHash { parts.append("series \(s)") }
        if let h = c.configHash { parts.append("config \(h)") }
        parts.append("accel \(c.accel ?? "tcg") (\(c.latencyLabel) time)")
        if let m = c.guestMemoryMiB { parts.append("guest \(m) MiB") }
        if let cmd = c.cmdline { parts.append("cmdline: \(cmd)") }
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
