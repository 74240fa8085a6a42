/// The physical layout a device would see of a buffer: its pages in buffer
/// order, cut into runs of consecutive frames. A scatter-gather table maps
/// one segment per run, so the run count is the number of segments the
/// device walks, and a run's size says which IOMMU or block sizes it could
/// use.
public struct PhysicalLayout: Codable, Sendable, Equatable {
    /// Pages looked at.
    public var pages: UInt64
    /// Pages whose frame was not known (not present, or PFN hidden): each
    /// ends the run before it and starts none.
    public var unresolved: UInt64
    /// Runs of consecutive frames.
    public var segments: UInt64
    /// Segments by order: index k counts runs of 2^k to 2^(k+1)-1 pages.
    public var segmentsByOrder: [UInt64]
    /// Pages of the longest run.
    public var largestRun: UInt64
    /// Pages of the shortest run; 0 when there is none.
    public var smallestRun: UInt64
    /// Lowest and one past the highest frame seen; nil with none known.
    public var minPFN: UInt64?
    public var maxPFN: UInt64?

    public init(pages: UInt64, unresolved: UInt64, segments: UInt64, segmentsByOrder: [UInt64],
                largestRun: UInt64, smallestRun: UInt64, minPFN: UInt64?, maxPFN: UInt64?) {
        self.pages = pages
        self.unresolved = unresolved
        self.segments = segments
        self.segmentsByOrder = segmentsByOrder
        self.largestRun = largestRun
        self.smallestRun = smallestRun
        self.minPFN = minPFN
        self.maxPFN = maxPFN
    }

    /// The layout of `frames`, the buffer's pages in order (nil: unknown).
    /// A run continues while each frame is one more than the one before.
    public init(frames: [UInt64?]) {
        var runs: [UInt64] = []
        var unresolved: UInt64 = 0
        var current: UInt64 = 0
        var last: UInt64?
        var low: UInt64?, high: UInt64?
        for frame in frames {
            guard let frame else {
                unresolved += 1
                if current > 0 { runs.append(current) }
                current = 0
                last = nil
                continue
            }
            low = Swift.min(low ?? frame, frame)
            // One past the frame, held at .max: a corrupt PFN must not trap.
            let end = frame == .max ? frame : frame + 1
            high = Swift.max(high ?? end, end)
            if let last, last != .max, frame == last + 1 {
                current += 1
            } else {
                if current > 0 { runs.append(current) }
                current = 1
            }
            last = frame
        }
        if current > 0 { runs.append(current) }
        var byOrder: [UInt64] = []
        for run in runs {
            let order = Self.order(ofRun: run)
            if byOrder.count <= order { byOrder += [UInt64](repeating: 0, count: order + 1 - byOrder.count) }
            byOrder[order] += 1
        }
        self.init(pages: UInt64(frames.count), unresolved: unresolved, segments: UInt64(runs.count),
                  segmentsByOrder: byOrder, largestRun: runs.max() ?? 0, smallestRun: runs.min() ?? 0,
                  minPFN: low, maxPFN: high)
    }

    /// The layout of pagemap entries in buffer order.
    public init(entries: [PagemapEntry]) {
        self.init(frames: entries.map(\.pfn))
    }

    /// floor(log2(pages)), for pages >= 1.
    public static func order(ofRun pages: UInt64) -> Int {
        pages == 0 ? 0 : 63 - pages.leadingZeroBitCount
    }

    /// The orders that hold at least one segment, lowest first.
    public var ordersSeen: [Int] {
        segmentsByOrder.indices.filter { segmentsByOrder[$0] > 0 }
    }
}

/// How a buffer served in order-N chunks lies: chunk i is pages
/// [i * 2^N, (i + 1) * 2^N) of the buffer, and is whole when those pages
/// are consecutive frames starting at a multiple of 2^N.
public struct ChunkAlignment: Codable, Sendable, Equatable {
    public var order: UInt32
    public var chunks: UInt64
    /// Chunks whose frames are consecutive but do not start on a 2^N boundary.
    public var misaligned: UInt64
    /// Chunks whose frames are not consecutive, or not all known.
    public var broken: UInt64

    public init(order: UInt32, chunks: UInt64, misaligned: UInt64, broken: UInt64) {
        self.order = order
        self.chunks = chunks
        self.misaligned = misaligned
        self.broken = broken
    }

    /// Check `frames` chunk by chunk; a trailing partial chunk counts as
    /// broken (a buffer of whole chunks has none). Nil for an order too
    /// large to be a chunk.
    public init?(frames: [UInt64?], order: UInt32) {
        guard order < 32 else { return nil }
        let size = 1 << Int(order)
        var chunks: UInt64 = 0, misaligned: UInt64 = 0, broken: UInt64 = 0
        var at = 0
        while at < frames.count {
            chunks += 1
            let end = Swift.min(at + size, frames.count)
            let chunk = frames[at..<end]
            at = end
            guard chunk.count == size, let first = chunk.first ?? nil,
                  first <= UInt64.max - UInt64(size) else {
                broken += 1
                continue
            }
            let consecutive = chunk.enumerated().allSatisfy { $0.element == first + UInt64($0.offset) }
            if !consecutive {
                broken += 1
            } else if first % UInt64(size) != 0 {
                misaligned += 1
            }
        }
        self.init(order: order, chunks: chunks, misaligned: misaligned, broken: broken)
    }

    /// Every chunk whole and aligned.
    public var isClean: Bool { misaligned == 0 && broken == 0 }
}
