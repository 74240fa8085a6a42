import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `pagebulk report RUN_DIR`: one page for a results run, and the five
/// lines against the seeds on standard output.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write RUN_DIR/report.html from the scenario results and plots in RUN_DIR.")

    @Argument(help: "A results/<run> directory.") var runDirectory: String

    func run() throws {
        let documents = try RunDirectory.documents(at: runDirectory)
        guard !documents.isEmpty else { throw HarnessError.noScenarioResults(runDirectory) }
        let plots = (try? RunDirectory.files(in: runDirectory, suffix: ".png")) ?? []
        let html = HTMLPage.page(title: "pagebulk results: \(runDirectory)", documents: documents, plots: plots)
        try TextFile.write(html, to: runDirectory + "/report.html")
        print("wrote \(runDirectory)/report.html\n")
        print(SeedSummary.lines(documents.map(\.document)).joined(separator: "\n"))
    }
}
