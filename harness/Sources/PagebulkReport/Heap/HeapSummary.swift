import PagebulkKit

/// One heap's calls summed up. Derived from the trials; written into
/// documents for readers without pagebulk, never read back.
public struct HeapSummary: Codable, Sendable, Equatable {
    public var heap: HeapVariant
    public var calls: Int
    /// Calls that returned a buffer of the whole length.
    public var full: Int
    /// Latency of the calls that succeeded: a failure can be quick (a
    /// length over the area) or slow (a shortage found late), and is
    /// counted by errno instead.
    public var latencyNs: LatencySummary?
    /// Latency of the failed calls.
    public var failureLatencyNs: LatencySummary?
    public var touchNs: LatencySummary?
    public var freeNs: LatencySummary?
    /// Entries of the sg list a device is given, per buffer.
    public var sgEntries: LatencySummary?
    /// Orders of the entries of every buffer together.
    public var sgOrders: [Int]
    /// Physically contiguous runs of entries, per buffer.
    public var sgRuns: LatencySummary?
    /// Median over buffers of the longest run, in pages.
    public var largestRunMedian: Double?
    /// Runs of consecutive frames per buffer, where the frames were seen
    /// (`layoutSources`): the CMA bitmap lists them in frame order.
    public var frameRuns: LatencySummary?
    /// Where the layouts came from, and successful calls whose frames
    /// nothing showed (the system heap's VM_PFNMAP mapping).
    public var layoutSources: [LayoutSource]
    public var callsWithoutLayout: Int
    /// Chunk-heap buffers with a chunk that was not whole and aligned.
    public var badChunkCalls: Int
    /// Calls after which the area's `used` did not come back to where it was.
    public var leakedCalls: Int
    /// errno name -> calls.
    public var errors: [String: Int]

    public init(heap: HeapVariant, trials all: [HeapTrial]) {
        let mine = all.filter { $0.heap == heap }
        let ok = mine.filter { $0.errno == nil }
        self.heap = heap
        calls = mine.count
        full = mine.filter(\.isFull).count
        latencyNs = LatencySummary(ok.map(\.allocNs))
        failureLatencyNs = LatencySummary(mine.filter { $0.errno != nil }.map(\.allocNs))
        touchNs = LatencySummary(ok.compactMap(\.touchNs))
        freeNs = LatencySummary(ok.compactMap(\.freeNs))
        let sg = ok.compactMap(\.sg)
        sgEntries = LatencySummary(sg.map(\.entries))
        sgOrders = Set(sg.flatMap { $0.entriesByOrder.keys.map { Int($0) } }).sorted()
        sgRuns = LatencySummary(sg.map(\.runs))
        largestRunMedian = Quantiles(sg.map(\.largestRunPages))?.median
        let layouts = ok.compactMap(\.layout)
        frameRuns = LatencySummary(layouts.map(\.segments))
        layoutSources = Set(ok.compactMap(\.layoutSource)).sorted { $0.rawValue > $1.rawValue }
        callsWithoutLayout = ok.filter { $0.layout == nil }.count
        badChunkCalls = ok.filter { $0.chunks.map { !$0.isClean } ?? false }.count
        leakedCalls = mine.filter { $0.cmaUsed.map { $0.after > $0.before } ?? false }.count
        errors = Dictionary(mine.compactMap(\.errnoName).map { ($0, 1) }, uniquingKeysWith: +)
    }

    /// One summary per heap, in the order the trials first ran them.
    public static func all(_ trials: [HeapTrial]) -> [HeapSummary] {
        var seen: [HeapVariant] = []
        for t in trials where !seen.contains(t.heap) { seen.append(t.heap) }
        return seen.map { HeapSummary(heap: $0, trials: trials) }
    }

    /// Share of calls that got the whole buffer, with its Wilson interval.
    public var fullRate: Estimate {
        Estimate(value: calls == 0 ? 0 : Double(full) / Double(calls), samples: calls,
                 interval: WilsonInterval.rate(successes: full, of: calls))
    }

    /// "ENOMEM x2, EINTR x1", or "-".
    public var errorText: String {
        errors.isEmpty ? "-" : errors.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
    }
}
