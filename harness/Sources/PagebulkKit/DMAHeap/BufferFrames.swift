import PagebulkProc

/// Where a buffer's frames were read from.
public enum LayoutSource: String, Codable, Sendable {
    /// /proc/self/pagemap of the mapping, in buffer order.
    case pagemap
    /// The CMA area's bitmap before the call and while the buffer was
    /// held, in frame order: a heap that maps with VM_PFNMAP (both 6.12
    /// heaps do) hides its frames from pagemap.
    case cmaBitmap = "cma-bitmap"
}

/// The frames under a dma-buf: from pagemap when the mapping shows them,
/// else, for a heap on the CMA area, from the bits the call set in the
/// area's bitmap; nil when neither knows (the system heap's pages are
/// buddy pages under a VM_PFNMAP mapping).
public struct BufferFrames: Sendable {
    public var area: ModuleInfo.CMAArea
    public var orderPerBit: UInt32

    public init(area: ModuleInfo.CMAArea) throws(PagebulkError) {
        self.area = area
        orderPerBit = try CMAUsage.orderPerBit(area.name)
    }

    /// The area's bitmap now, to read before a call.
    public func bitmap() throws(PagebulkError) -> CMABitmap { try CMAUsage.bitmap(area.name) }

    /// `mapping` must be touched first (the CMA heap maps on fault).
    /// `before` is the bitmap read before the call, nil for a heap not on
    /// the area. The bitmap's answer counts only when it found exactly the
    /// buffer's pages: anything else took or gave back CMA pages meanwhile.
    public func read(_ mapping: borrowing DMABufMapping, size: UInt64,
                     before: CMABitmap?) throws(PagebulkError) -> (frames: [UInt64?], source: LayoutSource)? {
        let entries = try Pagemap.entries(address: mapping.address, pages: mapping.pages, pageSize: mapping.pageSize)
        let frames = entries.map(\.pfn)
        if !frames.isEmpty && frames.allSatisfy({ $0 != nil }) { return (frames, .pagemap) }
        guard let before else { return nil }
        let bits = try bitmap().newlySet(since: before)
        guard let found = CMABitmap.frames(ofBits: bits, basePFN: area.basePFN, orderPerBit: orderPerBit),
              UInt64(found.count) == size / UInt64(max(mapping.pageSize, 1)) else { return nil }
        return (found.map { $0 }, .cmaBitmap)
    }
}
