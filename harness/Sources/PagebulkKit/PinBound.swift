/// The most order-`order` pieces a best-effort allocator can get from a CMA
/// area holding pins: the aligned windows of `1 << order` pages inside the
/// area that hold no pinned or taken page, less those the census says hold
/// unmovable pages. Pieces are aligned to their order in pfn space, so a
/// window holding one pinned page is lost whole, and nothing else is lost
/// to that pin.
public struct PinBound: Codable, Sendable, Equatable {
    /// Aligned windows wholly inside the area.
    public var windows: UInt64
    /// Distinct windows holding a pinned or taken page.
    public var pinnedWindows: UInt64
    /// Further windows the census shows lost to unmovable (or DMA-pinned)
    /// pages, at least: per pageblock, ceil(unmovable / window pages)
    /// windows less those the pins already took. Nil without a census.
    public var unmovableWindows: UInt64?

    public init(windows: UInt64, pinnedWindows: UInt64, unmovableWindows: UInt64? = nil) {
        self.windows = windows
        self.pinnedWindows = pinnedWindows
        self.unmovableWindows = unmovableWindows
    }

    /// What the pins leave.
    public var pinPieces: UInt64 { windows.subtractingClamped(pinnedWindows) }

    /// What the pins and the census's unmovable pages leave.
    public var pieces: UInt64 { pinPieces.subtractingClamped(unmovableWindows ?? 0) }

    /// The yield a call of `requested` pieces can reach.
    public func reachable(_ requested: UInt64) -> UInt64 { Swift.min(requested, pieces) }

    /// The bound for `area` (pfns), pieces of `order`, the pfns pinned in
    /// it, and optionally a census of the area with one entry per
    /// pageblock. Nil for an order of 32 or more, or an order above the
    /// census's pageblock order.
    public static func compute(area: Range<UInt64>, order: UInt32, pinned: [UInt64],
                               census: RangeCensus? = nil) -> PinBound? {
        guard order < 32 else { return nil }
        let shift = UInt64(order)
        let first = (area.lowerBound + (UInt64(1) << shift) - 1) >> shift
        let end = area.upperBound >> shift
        let windows = end > first ? end - first : 0
        let hit = Set(pinned.filter { area.contains($0) }.map { $0 >> shift })
        guard let census else { return PinBound(windows: windows, pinnedWindows: UInt64(hit.count)) }
        guard order <= census.blockOrder, census.blockOrder < 32 else { return nil }
        return PinBound(windows: windows, pinnedWindows: UInt64(hit.count),
                        unmovableWindows: unmovable(census, order: order, hit: hit, area: area))
    }

    /// Per pageblock, the windows its unmovable and DMA-pinned pages take
    /// at least, beyond the windows pins take there.
    static func unmovable(_ census: RangeCensus, order: UInt32, hit: Set<UInt64>, area: Range<UInt64>) -> UInt64 {
        let blockShift = UInt64(census.blockOrder), shift = UInt64(order)
        let windowPages = UInt64(1) << shift
        let perBlock = UInt64(1) << (blockShift - shift)
        var hitPerBlock: [UInt64: UInt64] = [:]
        for w in hit { hitPerBlock[(w << shift) >> blockShift, default: 0] += 1 }
        let firstBlock = census.startPFN >> blockShift
        var lost: UInt64 = 0
        for (i, block) in census.blocks.enumerated() {
            let number = firstBlock + UInt64(i)
            let start = number << blockShift
            // Blocks that straddle the area's ends: only whole blocks count.
            guard start >= area.lowerBound, start + (UInt64(1) << blockShift) <= area.upperBound else { continue }
            let busy = UInt64(block.unmovable) + UInt64(block.pinned)
            let atLeast = Swift.min(perBlock, (busy + windowPages - 1) / windowPages)
            let pins = hitPerBlock[number, default: 0]
            if atLeast > pins { lost += atLeast - pins }
        }
        return lost
    }
}

extension UInt64 {
    /// self - other, or 0 when other is larger.
    func subtractingClamped(_ other: UInt64) -> UInt64 { self >= other ? self - other : 0 }
}
