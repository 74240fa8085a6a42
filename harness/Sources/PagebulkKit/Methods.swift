import CPagebulk

/// How pages are obtained; mirrors `enum pagebulk_method`.
public enum AllocMethod: String, CaseIterable, Codable, Sendable {
    case allocPages = "alloc-pages"
    case bulkArray = "bulk-array"
    case cmaWhole = "cma-whole"
    case cmaPerChunk = "cma-chunk"
    case contigRange = "contig-range"
    case rangeBulk = "range-bulk"
    case cmaBulk = "cma-bulk"
    case cmaBulkTwoPass = "cma-bulk-2pass"
    case compact
    case cmaPerChunkResume = "cma-chunk-resume"

    public var raw: UInt32 {
        switch self {
        case .allocPages: PAGEBULK_METHOD_ALLOC_PAGES.rawValue
        case .bulkArray: PAGEBULK_METHOD_BULK_ARRAY.rawValue
        case .cmaWhole: PAGEBULK_METHOD_CMA_WHOLE.rawValue
        case .cmaPerChunk: PAGEBULK_METHOD_CMA_PER_CHUNK.rawValue
        case .contigRange: PAGEBULK_METHOD_CONTIG_RANGE.rawValue
        case .rangeBulk: PAGEBULK_METHOD_RANGE_BULK.rawValue
        case .cmaBulk: PAGEBULK_METHOD_CMA_BULK.rawValue
        case .cmaBulkTwoPass: PAGEBULK_METHOD_CMA_BULK_TWO_PASS.rawValue
        case .compact: PAGEBULK_METHOD_COMPACT.rawValue
        case .cmaPerChunkResume: PAGEBULK_METHOD_CMA_PER_CHUNK_RESUME.rawValue
        }
    }

    public init?(raw: UInt32) {
        guard let m = Self.allCases.first(where: { $0.raw == raw }) else { return nil }
        self = m
    }

    /// What a person reading a report should see.
    public var summary: String {
        switch self {
        case .allocPages: "alloc_pages() loop"
        case .bulkArray: "alloc_pages_bulk_array() (order 0)"
        case .cmaWhole: "one cma_alloc(), split"
        case .cmaPerChunk: "cma_alloc() per piece"
        case .contigRange: "alloc_contig_range()"
        case .rangeBulk: "alloc_pages_bulk() from a range"
        case .cmaBulk: "cma_alloc_bulk()"
        case .cmaBulkTwoPass: "cma_alloc_bulk() FAST, then NORMAL for the rest"
        case .compact: "alloc_pages_compact() (order 0)"
        case .cmaPerChunkResume: "cma_alloc_resume() per piece (patch 11)"
        }
    }
}

/// enum alloc_contig_mode as the module takes it; `.default` is the
/// method's plain entry point (alloc_contig_range() for contig-range).
public enum ContigMode: String, CaseIterable, Codable, Sendable {
    case `default`, normal, fast, hard

    public var raw: UInt32 {
        switch self {
        case .default: PAGEBULK_MODE_DEFAULT.rawValue
        case .normal: PAGEBULK_MODE_NORMAL.rawValue
        case .fast: PAGEBULK_MODE_FAST.rawValue
        case .hard: PAGEBULK_MODE_HARD.rawValue
        }
    }
}

/// gfp presets; mirrors `enum pagebulk_gfp` (__GFP_NOWARN is always added).
public enum GFPPreset: String, CaseIterable, Codable, Sendable {
    case kernel
    case highuserMovable = "highuser-movable"
    case retryMayfail = "retry-mayfail"
    case noretry
    case atomic

    public var raw: UInt32 {
        switch self {
        case .kernel: PAGEBULK_GFP_KERNEL.rawValue
        case .highuserMovable: PAGEBULK_GFP_HIGHUSER_MOVABLE.rawValue
        case .retryMayfail: PAGEBULK_GFP_RETRY_MAYFAIL.rawValue
        case .noretry: PAGEBULK_GFP_NORETRY.rawValue
        case .atomic: PAGEBULK_GFP_ATOMIC.rawValue
        }
    }
}
