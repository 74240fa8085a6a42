import Foundation
import Testing
import PagebulkKit
@testable import pagebulk

/// The JSON documents, the report page and the plots, on a recorded run.
@Suite struct ReportTests {
    @Test func documentsRoundTripAndCarryTheirSchema() throws {
        let highorder = try JSON.decode(ScenarioResult.self, from: RecordedRun.text("highorder.json"))
        #expect(highorder.schema == ScenarioResult.schemaVersion && highorder.scenario == "highorder")
        let again = try JSON.decode(ScenarioResult.self, from: JSON.encode(highorder))
        #expect(again.trials == highorder.trials && again.summary == highorder.summary)
        #expect(again.context == highorder.context && again.parameters == highorder.parameters)

        let order0 = try JSON.decode(Order0Result.self, from: RecordedRun.text("order0.json"))
        #expect(order0.schema == Order0Result.schemaVersion && order0.runs.count == 12)
        #expect(try JSON.decode(Order0Result.self, from: JSON.encode(order0)).runs == order0.runs)

        let frag = try JSON.decode(FragmentationResult.self,
                                   from: RecordedRun.text("fragmentation-compact/fragmentation-compact.json"))
        #expect(frag.schema == FragmentationResult.schemaVersion && frag.driver.method == .compact)
        let fragAgain = try JSON.decode(FragmentationResult.self, from: JSON.encode(frag))
        #expect(fragAgain.driver == frag.driver && fragAgain.after == frag.after && fragAgain.probes == frag.probes)
    }

    @Test func aDocumentWithoutItsFieldsIsRejected() {
        #expect(throws: (any Error).self) {
            _ = try JSON.decode(ScenarioResult.self, from: #"{"schema": 1, "scenario": "highorder"}"#)
        }
    }

    @Test func pageHasEveryScenarioAndTheSummary() throws {
        let docs = try CompareCommand.documentFiles(RecordedRun.directory)
        #expect(docs.map(\.path) == ["fragmentation-alloc-pages/fragmentation-alloc-pages.json",
                                     "fragmentation-compact/fragmentation-compact.json",
                                     "highorder.json", "order0.json"])
        let html = try HTMLReport.page(title: "recorded", documents: docs, plots: ["order0-cost.png"])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for heading in ["<h2>highorder", "<h2>order0", "<h2>fragmentation", "alloc_page boot against"] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        #expect(html.contains("range-bulk/fast           2   2/2      480/480"))
        #expect(html.contains("Amean alloc-odr0-8"))
        #expect(html.contains("<img src=\"order0-cost.png\""))

        let summary = SeedSummary.lines(docs)
        #expect(summary.count == 5)
        #expect(summary[0].contains("range-bulk FAST 2/2 full"))
        #expect(summary[1] == "pins: not in this run")
        #expect(summary[4].contains(": 84 -> 0;"))
    }

    @Test func fragmentationPairShowsTheBar() throws {
        let a = try JSON.decode(FragmentationResult.self,
                                from: RecordedRun.text("fragmentation-alloc-pages/fragmentation-alloc-pages.json"))
        let b = try JSON.decode(FragmentationResult.self,
                                from: RecordedRun.text("fragmentation-compact/fragmentation-compact.json"))
        let text = FragmentationReport.pair(a, b)
        #expect(text.contains("Unmovable free order-0                    84        0  0.00x  <= 0.10x"))
        #expect(text.contains("free blocks order >= 3                   574      760  1.32x  >= 1.50x"))
    }

    @Test func plotsArePNGs() throws {
        let dir = try RecordedRun.scratchCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let scripts = RecordedRun.repository + "/scripts"
        #expect(try RecordedRun.run(["python3", "\(scripts)/plot-order0.py", dir]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/order0-cost.png"))
        #expect(try RecordedRun.run(["python3", "\(scripts)/plot-fragmentation.py", "\(dir)/fragmentation-alloc-pages",
                                     "\(dir)/fragmentation-compact", "\(dir)/frag.png"]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/frag.png"))
        #expect(try RecordedRun.run(["python3", "\(scripts)/plot-trials.py", "\(dir)/highorder.json"]) == 0)
        #expect(RecordedRun.isPNG("\(dir)/highorder-latency-cdf.png") && RecordedRun.isPNG("\(dir)/highorder-yield.png"))
    }
}
