/// The experiments a result document can come from. The one place that
/// turns a document's "scenario" string into a type.
public enum Scenario: String, Codable, CaseIterable, Sendable, Comparable {
    case baseline, highorder, pins, order0, fragmentation, dmaheap

    /// The allocation scenarios share one document shape: trials of requests.
    public var isAllocation: Bool {
        switch self {
        case .baseline, .highorder, .pins: true
        case .order0, .fragmentation, .dmaheap: false
        }
    }

    public static func < (a: Scenario, b: Scenario) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// The schema versions a document may carry. Version 1 kept its
/// parameters as strings (`"count": "4800"`, groups as `"pins=10"`);
/// version 2 types them. Both decode; only version 2 is written.
public enum SchemaVersion: Int, Codable, Sendable, Comparable {
    case stringParameters = 1
    case typedParameters = 2

    public static let current = SchemaVersion.typedParameters

    public static func < (a: SchemaVersion, b: SchemaVersion) -> Bool { a.rawValue < b.rawValue }
}

/// Why a document could not be read.
public enum DocumentError: Error, Equatable, CustomStringConvertible {
    case unknownScenario(String)
    case unknownSchema(Int)
    /// A version-1 parameter whose text is not what version 1 wrote.
    case badParameter(String, String)
    /// Documents to merge that are not runs of the same experiment.
    case mismatch(String)
    case empty
    /// A path given as a results run is neither a directory nor a JSON file.
    case notAResultRun(String)
    case unreadable(String, String)

    public var description: String {
        switch self {
        case let .unknownScenario(name):
            "unknown scenario '\(name)'; known: \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .unknownSchema(n): "unknown schema version \(n); this pagebulk reads 1 and 2"
        case let .badParameter(key, value): "parameter \(key) = '\(value)' is not what schema 1 wrote"
        case let .mismatch(why): "documents do not belong together: \(why)"
        case .empty: "no documents"
        case let .notAResultRun(path): "\(path): not a directory of results or a JSON file"
        case let .unreadable(path, why): "\(path): not a result document this pagebulk reads: \(why)"
        }
    }
}
