/// Which requests are one call that gets the whole range or nothing: one
/// `cma_alloc()` of everything (cma-whole) and `alloc_contig_range()` in
/// any mode (contig-range, contig-range/normal, ...). When one of those
/// comes back short, the trial records a second census of the range
/// (`AllocTrial.failureCensus`), the one-shot call's counterpart of the
/// best-effort methods' per-chunk reasons.
extension AllocMethod {
    public var isAllOrNothing: Bool {
        switch self {
        case .cmaWhole, .contigRange: true
        case .allocPages, .bulkArray, .cmaPerChunk, .cmaPerChunkResume, .rangeBulk, .cmaBulk, .cmaBulkTwoPass,
             .compact: false
        }
    }
}

extension AllocRequest {
    public var isAllOrNothing: Bool { method.isAllOrNothing }
}
