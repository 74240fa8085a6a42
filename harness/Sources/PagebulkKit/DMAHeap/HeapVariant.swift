/// The heaps a scenario compares. The chunk heap appears twice: with
/// normal_fallback=Y (FAST, then NORMAL for what is missing) and with N
/// (FAST only), set before each call and put back after it.
public enum HeapVariant: String, Codable, CaseIterable, Sendable, Comparable {
    /// The 6.12 system heap: buddy pages of orders 8, 4 and 0.
    case system
    /// The 6.12 CMA heap on the default area: one cma_alloc() of the whole buffer.
    case reserved
    case chunk
    case chunkFast = "chunk-fast"

    /// The device under /dev/dma_heap. The CMA heap takes its area's
    /// name; the default area made by cma= is "reserved".
    public var deviceName: String {
        switch self {
        case .system: "system"
        case .reserved: "reserved"
        case .chunk, .chunkFast: "chunk"
        }
    }

    /// The chunk heap's normal_fallback for the call; nil for the others.
    public var normalFallback: Bool? {
        switch self {
        case .chunk: true
        case .chunkFast: false
        case .system, .reserved: nil
        }
    }

    /// Whether its pages come from the CMA area (a census of the area
    /// explains its failures).
    public var usesCMA: Bool { self != .system }

    /// As tables name it.
    public var title: String {
        switch self {
        case .system: "system (buddy, orders 8/4/0)"
        case .reserved: "reserved (one cma_alloc)"
        case .chunk: "chunk (FAST, then NORMAL)"
        case .chunkFast: "chunk (FAST only)"
        }
    }

    public static func < (a: HeapVariant, b: HeapVariant) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
