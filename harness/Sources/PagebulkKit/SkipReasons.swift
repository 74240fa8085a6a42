import CPagebulk

/// Why a chunked method (`alloc_pages_bulk_range()`, `cma_alloc_bulk()`)
/// skipped chunks, as the series' `struct alloc_bulk_stats` counts it: one
/// reason per skipped chunk, then the pages that busy chunks still had in
/// use, each by the first state that applies.
public struct SkipReasons: Codable, Sendable, Equatable {
    /// Chunks with a pageblock of another migratetype.
    public var otherType: UInt64
    /// Chunks isolation refused (an unmovable page, or isolated by another caller).
    public var isolation: UInt64
    /// Chunks isolated whose pages stayed in use after migration.
    public var busy: UInt64
    /// Pages of busy chunks: `folio_maybe_dma_pinned()`.
    public var pinned: UInt64
    public var writeback: UInt64
    public var locked: UInt64
    public var dirty: UInt64
    /// Other LRU pages: references migration could not account for.
    public var lru: UInt64
    /// Off the LRU: isolated by reclaim or compaction, in a per-cpu LRU
    /// batch, or kernel memory.
    public var offLRU: UInt64

    public init(otherType: UInt64 = 0, isolation: UInt64 = 0, busy: UInt64 = 0, pinned: UInt64 = 0,
                writeback: UInt64 = 0, locked: UInt64 = 0, dirty: UInt64 = 0, lru: UInt64 = 0,
                offLRU: UInt64 = 0) {
        self.otherType = otherType
        self.isolation = isolation
        self.busy = busy
        self.pinned = pinned
        self.writeback = writeback
        self.locked = locked
        self.dirty = dirty
        self.lru = lru
        self.offLRU = offLRU
    }

    init(_ s: pagebulk_skips) {
        self.init(otherType: s.type, isolation: s.isolation, busy: s.busy, pinned: s.busy_pinned,
                  writeback: s.busy_writeback, locked: s.busy_locked, dirty: s.busy_dirty,
                  lru: s.busy_lru, offLRU: s.busy_off_lru)
    }

    /// Chunks counted with a reason.
    public var chunks: UInt64 { otherType.saturatingAdd(isolation).saturatingAdd(busy) }

    /// The busy pages by state, in the kernel's order, for reports.
    public var busyPages: [(state: String, pages: UInt64)] {
        [("pinned", pinned), ("writeback", writeback), ("locked", locked), ("dirty", dirty),
         ("lru", lru), ("off-lru", offLRU)]
    }

    /// The sum of two calls' reasons (the two passes of one request, or a
    /// method's trials).
    public func adding(_ o: SkipReasons) -> SkipReasons {
        SkipReasons(otherType: otherType.saturatingAdd(o.otherType), isolation: isolation.saturatingAdd(o.isolation),
                    busy: busy.saturatingAdd(o.busy), pinned: pinned.saturatingAdd(o.pinned),
                    writeback: writeback.saturatingAdd(o.writeback), locked: locked.saturatingAdd(o.locked),
                    dirty: dirty.saturatingAdd(o.dirty), lru: lru.saturatingAdd(o.lru),
                    offLRU: offLRU.saturatingAdd(o.offLRU))
    }
}
