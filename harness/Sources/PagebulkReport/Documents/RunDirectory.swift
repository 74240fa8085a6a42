#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PagebulkKit

/// A result document and where it was found.
public struct RecordedDocument: Sendable {
    /// Relative to the run directory, or the file given.
    public var path: String
    public var document: ResultDocument

    public init(path: String, document: ResultDocument) {
        self.path = path
        self.document = document
    }
}

/// A results/<run> directory (or one JSON file) as the report, compare and
/// merge commands read it.
public enum RunDirectory {
    /// Files under `dir` ending in `suffix`, relative to it, sorted.
    public static func files(in dir: String, suffix: String) throws(DocumentError) -> [String] {
        guard let all = try? FileManager.default.subpathsOfDirectory(atPath: dir) else {
            throw .notAResultRun(dir)
        }
        return all.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// The scenario documents of a run. JSON without a "scenario" field
    /// (smoke.json, fuzz.json: check suites' records) is not a document
    /// and is left out; a document that does not decode is an error.
    public static func documents(at path: String) throws -> [RecordedDocument] {
        struct Header: Decodable { var scenario: String? }
        let names = path.hasSuffix(".json") ? [""] : try files(in: path, suffix: ".json")
        var out: [RecordedDocument] = []
        for name in names {
            let file = name.isEmpty ? path : "\(path)/\(name)"
            let text = try TextFile.read(file)
            guard (try? JSONText.decode(Header.self, from: text))?.scenario != nil else { continue }
            do {
                out.append(RecordedDocument(path: name.isEmpty ? path : name,
                                            document: try JSONText.decode(ResultDocument.self, from: text)))
            } catch {
                throw DocumentError.unreadable(file, "\(error)")
            }
        }
        return out
    }
}
