import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `pagebulk merge RUN...`: the same scenario from several boots (one
/// guest each, on one host or many) pooled into one document, printed per
/// boot and pooled.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Pool one scenario's documents from several boots into one, and print each and the pool.")

    @Argument(help: "Scenario JSON files or results directories, one per boot.") var runs: [String]
    @Option(help: "The scenario to merge, when the runs hold several.") var scenario: Scenario?
    @OptionGroup var output: OutputDirectory

    func validate() throws {
        guard runs.count >= 2 else { throw ValidationError("merge needs at least two runs, not \(runs.count)") }
    }

    func run() throws {
        var boots: [ResultDocument] = []
        for run in runs {
            let docs = try RunDirectory.documents(at: run).map(\.document)
                .filter { scenario == nil || $0.scenario == scenario }
            guard let doc = docs.first else { throw HarnessError.noScenarioResults(run) }
            boots.append(doc)
        }
        let pooled = try Merge.pooled(boots)
        for (run, doc) in zip(runs, boots) { print("== \(run)\n" + HTMLPage.text(doc) + "\n") }
        print("== pooled over \(boots.count) boots\n" + HTMLPage.text(pooled))
        try output.write(pooled, as: "\(pooled.scenario.rawValue)-merged.json")
    }
}

extension Scenario: ExpressibleByArgument {}
