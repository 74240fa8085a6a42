import PagebulkKit

/// Any scenario's result document, read by its "scenario" and "schema"
/// fields. Renderers, comparison and merge switch over this enum, never
/// over the scenario string.
public enum ResultDocument: Codable, Sendable {
    case allocation(AllocationDocument)
    case order0(Order0Document)
    case fragmentation(FragmentationDocument)
    case dmaheap(HeapDocument)

    private enum HeaderKeys: String, CodingKey { case scenario, schema }

    public init(from decoder: any Decoder) throws {
        let header = try decoder.container(keyedBy: HeaderKeys.self)
        let name = try header.decode(String.self, forKey: .scenario)
        guard let scenario = Scenario(rawValue: name) else { throw DocumentError.unknownScenario(name) }
        switch scenario {
        case .baseline, .highorder, .pins: self = .allocation(try AllocationDocument(from: decoder))
        case .order0: self = .order0(try Order0Document(from: decoder))
        case .fragmentation: self = .fragmentation(try FragmentationDocument(from: decoder))
        case .dmaheap: self = .dmaheap(try HeapDocument(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .allocation(d): try d.encode(to: encoder)
        case let .order0(d): try d.encode(to: encoder)
        case let .fragmentation(d): try d.encode(to: encoder)
        case let .dmaheap(d): try d.encode(to: encoder)
        }
    }

    public var scenario: Scenario {
        switch self {
        case let .allocation(d): d.scenario
        case .order0: .order0
        case .fragmentation: .fragmentation
        case .dmaheap: .dmaheap
        }
    }

    public var context: RunContext {
        switch self {
        case let .allocation(d): d.context
        case let .order0(d): d.context
        case let .fragmentation(d): d.context
        case let .dmaheap(d): d.context
        }
    }
}

/// Reads the schema field and refuses versions this build does not know.
func decodeSchema<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) throws -> SchemaVersion {
    let raw = try container.decode(Int.self, forKey: key)
    guard let version = SchemaVersion(rawValue: raw) else { throw DocumentError.unknownSchema(raw) }
    return version
}
