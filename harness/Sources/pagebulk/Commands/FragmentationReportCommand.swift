import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `pagebulk fragmentation-report A.json B.json`: the two boots side by side.
struct FragmentationReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fragmentation-report",
        abstract: "Compare the alloc-pages and compact boots of the fragmentation scenario.")

    @Argument(help: "fragmentation-alloc-pages.json") var baseline: String
    @Argument(help: "fragmentation-compact.json") var candidate: String

    func run() throws {
        print(FragmentationText.pair(try Self.read(baseline), try Self.read(candidate)))
    }

    static func read(_ path: String) throws -> FragmentationDocument {
        guard case let .fragmentation(d) = try JSONText.decode(ResultDocument.self, from: TextFile.read(path)) else {
            throw HarnessError.notA(scenario: .fragmentation, path)
        }
        return d
    }
}
