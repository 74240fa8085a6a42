import PagebulkProc

/// Gioh Kim's experiment, one boot per method: a driver holds unmovable
/// order-0 pages with churn; the allocator's state before and after, and
/// how order-3 and order-9 requests fare afterwards.
public struct FragmentationResult: Codable, Sendable {
    public static let schemaVersion = 1

    /// The driver's allocations over the whole run.
    public struct Driver: Codable, Sendable, Equatable {
        public var method: AllocMethod
        /// Pages held at the end.
        public var heldPages: UInt64
        /// Pages allocated over all rounds, and the time spent doing it.
        public var allocatedPages: UInt64
        public var allocNs: UInt64
        /// Pages the method could not pack, allocated with alloc_page().
        public var topUpPages: UInt64
        public var rounds: Int

        public init(method: AllocMethod, heldPages: UInt64, allocatedPages: UInt64, allocNs: UInt64,
                    topUpPages: UInt64, rounds: Int) {
            self.method = method
            self.heldPages = heldPages
            self.allocatedPages = allocatedPages
            self.allocNs = allocNs
            self.topUpPages = topUpPages
            self.rounds = rounds
        }

        public var nsPerPage: Double { allocatedPages == 0 ? 0 : Double(allocNs) / Double(allocatedPages) }
    }

    /// How many of `asked` order-N pages an alloc_pages() loop got.
    public struct Probe: Codable, Sendable, Equatable {
        public var order: UInt32
        public var asked: UInt64
        public var obtained: UInt64

        public init(order: UInt32, asked: UInt64, obtained: UInt64) {
            self.order = order
            self.asked = asked
            self.obtained = obtained
        }
    }

    public var schema: Int
    public var scenario: String
    public var context: RunContext
    public var parameters: [String: String]
    public var driver: Driver
    public var before: Snapshot
    /// With the driver's pages still held, after the load stopped and the
    /// page cache was dropped.
    public var after: Snapshot
    public var probes: [Probe]

    public init(context: RunContext, parameters: [String: String], driver: Driver, before: Snapshot,
                after: Snapshot, probes: [Probe]) {
        schema = Self.schemaVersion
        scenario = "fragmentation"
        self.context = context
        self.parameters = parameters
        self.driver = driver
        self.before = before
        self.after = after
        self.probes = probes
    }
}

/// The figures the bar compares between two boots.
public struct FragmentationFigures: Sendable, Equatable {
    /// Free order-0 blocks on the Unmovable lists, all zones.
    public var unmovableOrder0Free: UInt64
    /// Free blocks of order 3 and above, all zones (buddyinfo).
    public var freeBlocksOrder3Up: UInt64
    /// Pageblocks holding pages of another type (page_owner on), all types.
    public var mixedBlocks: UInt64?

    public init(_ snapshot: Snapshot) {
        unmovableOrder0Free = snapshot.pagetypeinfo?.freeCounts
            .filter { $0.migratetype == "Unmovable" }
            .reduce(0) { $0 + ($1.counts.first?.value ?? 0) } ?? 0
        freeBlocksOrder3Up = snapshot.buddyinfo.zones.reduce(0) { sum, zone in
            sum + zone.freeBlocks.dropFirst(3).reduce(0, +)
        }
        mixedBlocks = snapshot.pagetypeinfo?.mixedBlockCounts.map { rows in
            rows.reduce(0) { $0 + $1.counts.reduce(0, +) }
        }
    }
}

/// SplitMix64: a small seeded generator, so that every boot of the
/// experiment frees the same share in the same order.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
