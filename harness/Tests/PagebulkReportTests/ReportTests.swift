import Foundation
import Testing
import PagebulkKit
@testable import PagebulkReport

/// The JSON documents, the report page and the plots, on a recorded run.
@Suite struct ReportTests {
    @Test func documentsRoundTripAndCarryTheirSchema() throws {
        guard case let .allocation(highorder) = try JSONText.decode(ResultDocument.self,
                                                                    from: RecordedRun.text("highorder.json"))
        else { throw DocumentError.mismatch("highorder.json is not an allocation document") }
        // Recorded as schema 1 (string parameters); read into types.
        #expect(highorder.readAs == .stringParameters && highorder.scenario == .highorder)
        #expect(highorder.parameters == AllocationParameters(order: 4, count: 480, cma: "reserved", trials: 2,
                                                             workload: Workload(compileJobs: 2, warmupSeconds: 10)))
        let again = try JSONText.decode(AllocationDocument.self, from: JSONText.encode(highorder))
        #expect(again.schema == .current)
        #expect(again.trials == highorder.trials && again.summary == highorder.summary)
        #expect(again.context == highorder.context && again.parameters == highorder.parameters)

        guard case let .order0(order0) = try JSONText.decode(ResultDocument.self, from: RecordedRun.text("order0.json"))
        else { throw DocumentError.mismatch("order0.json") }
        #expect(order0.runs.count == 12)
        #expect(order0.parameters == Order0Parameters(iterations: 20, warmup: 10, pageOwner: false))
        #expect(try JSONText.decode(Order0Document.self, from: JSONText.encode(order0)).runs == order0.runs)

        let frag = try JSONText.decode(FragmentationDocument.self,
                                       from: RecordedRun.text("fragmentation-compact/fragmentation-compact.json"))
        #expect(frag.driver.method == .compact)
        #expect(frag.parameters == FragmentationParameters(holdMiB: 400, unitPages: 16, rounds: 5, churnPercent: 30,
                                                           seed: 1, workload: Workload(compileJobs: 2, warmupSeconds: 30)))
        let fragAgain = try JSONText.decode(FragmentationDocument.self, from: JSONText.encode(frag))
        #expect(fragAgain.driver == frag.driver && fragAgain.after == frag.after && fragAgain.probes == frag.probes)
        #expect(fragAgain.parameters == frag.parameters && fragAgain.schema == .current)
    }

    @Test func aDocumentWithoutItsFieldsIsRejected() {
        #expect(throws: (any Error).self) {
            _ = try JSONText.decode(ResultDocument.self, from: #"{"schema": 1, "scenario": "highorder"}"#)
        }
    }

    @Test func pageHasEveryScenarioAndTheSummary() throws {
        let docs = try RunDirectory.documents(at: RecordedRun.directory)
        #expect(docs.map(\.path) == ["fragmentation-alloc-pages/fragmentation-alloc-pages.json",
                                     "fragmentation-compact/fragmentation-compact.json",
                                     "highorder.json", "order0.json"])
        let html = HTMLPage.page(title: "recorded", documents: docs, plots: ["order0-cost.png", "other.png"])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for heading in ["<h2>highorder", "<h2>order0", "<h2>fragmentation", "one driver method per boot",
                        "<table id=summary>", "<details><summary>terminal text"] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        // An HTML table, with the figures in cells.
        #expect(html.contains("<td>range-bulk/fast</td><td class=n>2</td><td class=n>2/2</td>"))
        // The order-0 table is the medians' with intervals and n (Mel's means stay in the terminal text).
        #expect(html.contains("<td>alloc-odr0-8</td><td class=n>20</td><td class=n>1652.19 [1607.88, 1693.63]</td>"))
        #expect(html.contains("Amean alloc-odr0-8"))
        // A plot goes beside its scenario's table; the rest at the end.
        let order0 = try #require(html.range(of: "<h2>order0"))
        let plot = try #require(html.range(of: "<img src=\"order0-cost.png\""))
        #expect(order0.upperBound < plot.lowerBound)
        #expect(html.contains("<h2>plots</h2>\n<figure><img src=\"other.png\""))

        let summary = SeedSummary.lines(docs.map(\.document))
        #expect(summary.count == 5)
        #expect(summary[0].contains("range-bulk FAST 2/2 full"))
        #expect(summary[1] == "pins: not in this run")
        // The recorded boots predate the churn samples the bar is judged on.
        #expect(summary[4].hasPrefix("fragmentation: not in this run"))
    }

    /// The summary table: each bar with its figure, interval and verdict,
    /// judged on the recorded run.
    @Test func summaryTableJudgesEachBar() throws {
        let docs = try RunDirectory.documents(at: RecordedRun.directory).map(\.document)
        let bars = SeedSummary.bars(docs)
        #expect(bars.map(\.experiment) == ["highorder", "pins", "order0 alloc", "order0 free", "fragmentation"])
        // --quick has no per-piece loop: FAST is judged on the seed's 300 ms.
        #expect(bars[0].verdict == .met && bars[0].interval.hasPrefix("full 34-100%, p50 "))
        #expect(bars[1].verdict == .absent && bars[1].line == "pins: not in this run")
        #expect(bars[4].verdict == .absent)
        let html = HTMLPage.page(title: "recorded", documents: try RunDirectory.documents(at: RecordedRun.directory),
                                 plots: [])
        #expect(html.contains("<td class=met>met</td>") && html.contains("<td class=missed>missed</td>"))
        #expect(html.contains("<td class=absent>not in this run</td>"))
        // The boot command line (the guest's command in base64) is folded.
        #expect(html.contains("<details class=ctx><summary>boot command line</summary><code>root=/dev/root"))
        #expect(!html.contains("<p class=ctx>kernel 6.12.117; Debian 6.12.117-1~deb12u1; series 3908f06ac4e7; "
                               + "config e83d62b28dcb; accel tcg (QEMU TCG time); guest 1536 MiB; cmdline"))
        // Whiskers beside the highorder table, drawn without gnuplot.
        #expect(html.contains("<svg class=\"whiskers\"") && html.contains("95% bootstrap interval"))
    }

    @Test func whiskerScaleGoesLogarithmicOverAFactorTwenty() {
        let log = WhiskerChart.Scale(values: [0.5, 3, 26255], axis: .automatic)
        #expect(log == WhiskerChart.Scale.init(values: [0.1, 100_000], axis: .automatic))
        #expect(log.log && log.low == 0.1 && log.high == 100_000 && log.ticks.count == 7)
        let linear = WhiskerChart.Scale(values: [2, 13], axis: .automatic)
        #expect(!linear.log && linear.low == 0 && linear.high == 20 && linear.position(10) == 0.5)
        #expect(log.ticks.map(log.label) == ["0.1", "1", "10", "100", "1000", "10000", "100000"])
        #expect(linear.ticks.map(linear.label) == ["0", "5", "10", "15", "20"])
        #expect(WhiskerChart.Scale(values: [], axis: .percent).position(2) == 1)
        let svg = WhiskerChart(title: "t <&>", rows: [.init("a", 1, Interval(0.5, 2)), .init("b", .nan, nil)]).svg()
        #expect(svg.contains("t &lt;&amp;&gt;") && svg.components(separatedBy: "<circle").count == 2)
    }

    @Test func allocationTablePrintsIntervalsAndNoP99OnFewTrials() throws {
        guard case let .allocation(d) = try JSONText.decode(ResultDocument.self, from: RecordedRun.text("highorder.json"))
        else { throw DocumentError.mismatch("highorder.json") }
        let text = AllocationText.render(d)
        #expect(text.contains("480 x order-4 from reserved, 2 trials"))
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("range-bulk/fast ") })
        // Two trials: full 2/2 with its Wilson interval (34-100%), p90 and p99 "-".
        #expect(line.contains("2/2") && line.contains("34-100%"))
        let cells = line.split(separator: " ")
        #expect(cells.filter { $0 == "-" }.count == 2)
    }

    @Test func fragmentationBootsWithoutSamplesShowDashes() throws {
        let boots = try ["fragmentation-alloc-pages/fragmentation-alloc-pages.json",
                         "fragmentation-compact/fragmentation-compact.json"].map {
            (label: String($0.prefix { $0 != "/" }),
             document: try JSONText.decode(FragmentationDocument.self, from: RecordedRun.text($0)))
        }
        let text = FragmentationBootsText.render(boots)
        #expect(text.contains("2 boots (alloc-pages 1, compact 1)"))
        // Documents from before the churn samples: no ratio, but the driver's cost.
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("fragmentation-compact ") })
        #expect(line.contains(" - ") && line.hasSuffix("18992"))
    }

    @Test func plotsArePNGs() throws {
        let dir = try RecordedRun.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scripts = RecordedRun.repository + "/scripts"
        #expect(try RecordedRun.run(["python3", "\(scripts)/plot-order0.py", dir]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/order0-cost.png"))
        #expect(try RecordedRun.run(["python3", "\(scripts)/plot-fragmentation.py", "\(dir)/frag.png",
                                     "\(dir)/fragmentation-alloc-pages", "\(dir)/fragmentation-compact"]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/frag.png"))
        #expect(try RecordedRun.run(["python3", "\(scripts)/plot-trials.py", "\(dir)/highorder.json"]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/highorder-latency-cdf.png") && RecordedRun.isPNG("\(dir)/highorder-yield.png"))
    }
}
