import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `pagebulk compare RUN_A RUN_B`: every scenario both runs have, side by
/// side in mmtests' compare-kernels layout. Runs may come from different
/// kernels (the series and the stock kernel) or different boots.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two result runs (directories or JSON files) scenario by scenario.")

    @Argument(help: "The baseline run: a results/<run> directory or one scenario JSON.") var runA: String
    @Argument(help: "The run compared with it.") var runB: String

    func run() throws {
        let comparisons = try Self.comparisons(RunDirectory.documents(at: runA), RunDirectory.documents(at: runB))
        guard !comparisons.isEmpty else { throw HarnessError.noScenarioInCommon }
        for c in comparisons {
            print(c.render(nameA: runA, nameB: runB, paint: Terminal.verdict) + "\n")
        }
    }

    /// Each document of A against the first of B it compares with (same
    /// scenario; for fragmentation, the same driver).
    static func comparisons(_ a: [RecordedDocument], _ b: [RecordedDocument]) -> [Comparison] {
        a.compactMap { x in b.lazy.compactMap { Comparison(x.document, $0.document) }.first }
    }
}
