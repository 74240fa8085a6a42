import CPagebulk

/// The scatter-gather list a device is given for a dma-buf, as the module's
/// DMABUF_LAYOUT request reads it: the exporter's `map_dma_buf()` for a
/// device with a 64-bit mask and no IOMMU, so addresses are physical.
///
/// A CPU mapping cannot show this: the system and chunk heaps map with
/// `remap_pfn_range()`, for which `/proc/self/pagemap` reports no frame.
public struct DMABufLayout: Sendable, Equatable, Codable {
    /// The dma-buf's size in bytes.
    public var size: UInt64
    /// Entries of the mapped list.
    public var entries: UInt64
    /// Physically contiguous runs of entries.
    public var runs: UInt64
    /// Pages of the longest run.
    public var largestRunPages: UInt64
    /// Entries by the order of their length in pages (`ilog2`), orders with
    /// no entry left out.
    public var entriesByOrder: [UInt32: UInt64]

    public init(size: UInt64, entries: UInt64, runs: UInt64, largestRunPages: UInt64,
                entriesByOrder: [UInt32: UInt64]) {
        self.size = size
        self.entries = entries
        self.runs = runs
        self.largestRunPages = largestRunPages
        self.entriesByOrder = entriesByOrder
    }

    init(_ raw: pagebulk_dmabuf_layout) {
        var byOrder: [UInt32: UInt64] = [:]
        withUnsafeBytes(of: raw.entries_by_order) { bytes in
            for (order, count) in bytes.bindMemory(to: UInt64.self).enumerated() where count > 0 {
                byOrder[UInt32(order)] = count
            }
        }
        self.init(size: raw.size, entries: raw.nr_entries, runs: raw.nr_runs,
                  largestRunPages: raw.largest_run_pages, entriesByOrder: byOrder)
    }

    /// "1200 entries (order 4: 1200), 3 runs, largest 25600 pages".
    public var summary: String {
        let orders = entriesByOrder.keys.sorted().map { "order \($0): \(entriesByOrder[$0] ?? 0)" }
        return "\(entries) entries (\(orders.joined(separator: ", "))), \(runs) runs, "
            + "largest \(largestRunPages) pages"
    }
}

extension ControlRequests where Self: ~Copyable {
    /// The layout a device sees for the dma-buf `fd` (a descriptor of this
    /// process). The module holds its own reference while it reads.
    public func dmabufLayout(fd: Int32) throws(PagebulkError) -> DMABufLayout {
        var raw = pagebulk_dmabuf_layout()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.fd = fd
        try ioctl(.dmabufLayout, &raw)
        return DMABufLayout(raw)
    }
}
