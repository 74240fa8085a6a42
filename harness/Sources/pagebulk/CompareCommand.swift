#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ArgumentParser
import PagebulkKit

/// `pagebulk compare RUN_A RUN_B`: every scenario both runs have, side by
/// side in mmtests' compare-kernels layout. Runs may come from different
/// kernels (the series and the stock kernel) or different boots.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two result runs (directories or JSON files) scenario by scenario.")

    @Argument(help: "The baseline run: a results/<run> directory or one scenario JSON.") var runA: String
    @Argument(help: "The run compared with it.") var runB: String

    /// Files under `dir` ending in `suffix`, relative to it, sorted.
    static func files(in dir: String, suffix: String) throws -> [String] {
        guard let all = try? FileManager.default.subpathsOfDirectory(atPath: dir) else {
            throw HarnessError.notAResultRun(dir)
        }
        return all.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// One scenario's JSON document in a run.
    struct Document {
        /// Relative to the run directory, or the file given.
        var path: String
        var scenario: String
        var text: String
    }

    /// The scenario JSON documents of a run (a directory, or one file).
    static func documentFiles(_ path: String) throws -> [Document] {
        struct Header: Decodable { var scenario: String }
        let names = path.hasSuffix(".json") ? [""] : try files(in: path, suffix: ".json")
        var docs: [Document] = []
        for name in names where !name.hasSuffix("smoke.json") {
            let text = try TextFile.read(name.isEmpty ? path : "\(path)/\(name)")
            guard let header = try? JSON.decode(Header.self, from: text) else { continue }
            docs.append(Document(path: name.isEmpty ? path : name, scenario: header.scenario, text: text))
        }
        return docs
    }

    /// The first document of each scenario in a run, by scenario name.
    static func documents(_ path: String) throws -> [String: String] {
        var docs: [String: String] = [:]
        for doc in try documentFiles(path) where docs[doc.scenario] == nil {
            docs[doc.scenario] = doc.text
        }
        return docs
    }

    func run() throws {
        let a = try Self.documents(runA), b = try Self.documents(runB)
        let common = Set(a.keys).intersection(b.keys).sorted()
        guard !common.isEmpty else { throw HarnessError.noScenarioInCommon }
        for scenario in common {
            guard let ta = a[scenario], let tb = b[scenario] else { continue }
            let comparison: Comparison
            switch scenario {
            case "order0":
                comparison = Comparison(try JSON.decode(Order0Result.self, from: ta),
                                        try JSON.decode(Order0Result.self, from: tb))
            case "fragmentation":
                print("fragmentation: one boot per method; compare the two with pagebulk fragmentation-report\n")
                continue
            default:
                comparison = Comparison(try JSON.decode(ScenarioResult.self, from: ta),
                                        try JSON.decode(ScenarioResult.self, from: tb))
            }
            print(comparison.render(nameA: runA, nameB: runB, paint: Terminal.verdict) + "\n")
        }
    }
}
