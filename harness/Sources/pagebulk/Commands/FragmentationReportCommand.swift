import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `pagebulk fragmentation-report RUN.json...`: the boots side by side,
/// each method's medians, and compact against every other method.
struct FragmentationReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fragmentation-report",
        abstract: "Compare the boots of the fragmentation scenario, one method per boot.")

    @Argument(help: "fragmentation-METHOD.json files, one per boot; each is labelled by its directory.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one fragmentation-*.json") }
    }

    func run() throws {
        let boots = try files.map { (label: Self.label($0), document: try Self.read($0)) }
        print(FragmentationBootsText.render(boots))
    }

    /// The file's directory name: a boot's run directory.
    static func label(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : path
    }

    static func read(_ path: String) throws -> FragmentationDocument {
        guard case let .fragmentation(d) = try JSONText.decode(ResultDocument.self, from: TextFile.read(path)) else {
            throw HarnessError.notA(scenario: .fragmentation, path)
        }
        return d
    }
}
