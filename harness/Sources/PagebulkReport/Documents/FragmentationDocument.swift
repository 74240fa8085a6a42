import PagebulkKit
import PagebulkProc

/// Gioh Kim's experiment, one boot per method: a driver holds unmovable
/// order-0 pages with churn; the allocator's state before and after, and
/// how order-3 and order-9 requests fare afterwards.
public struct FragmentationDocument: Codable, Sendable {
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

    /// Written: always the current schema.
    public let schema = SchemaVersion.current
    /// The schema the document was read as; not written.
    public var readAs = SchemaVersion.current
    public let scenario = Scenario.fragmentation
    public var context: RunContext
    public var parameters: FragmentationParameters
    public var driver: Driver
    public var before: Snapshot
    /// With the driver's pages still held, after the load stopped and the
    /// page cache was dropped.
    public var after: Snapshot
    public var probes: [Probe]
    /// The zone's pageblocks before the driver's first allocation.
    public var tallyBefore: PageblockTally?
    /// The zone's pageblocks after the fill and after every churn round.
    public var samples: [ChurnSample]
    /// After the churn, the load still running, before the highalloc probes.
    public var during: Snapshot?
    /// The in-load probes, in the order they ran.
    public var highalloc: [HighallocRun]

    public init(context: RunContext, parameters: FragmentationParameters, driver: Driver, before: Snapshot,
                after: Snapshot, probes: [Probe], tallyBefore: PageblockTally? = nil, samples: [ChurnSample] = [],
                during: Snapshot? = nil, highalloc: [HighallocRun] = []) {
        self.context = context
        self.parameters = parameters
        self.driver = driver
        self.before = before
        self.after = after
        self.probes = probes
        self.tallyBefore = tallyBefore
        self.samples = samples
        self.during = during
        self.highalloc = highalloc
    }

    enum CodingKeys: String, CodingKey {
        case schema, scenario, context, parameters, driver, before, after, probes, tallyBefore, samples, during, highalloc
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try decodeSchema(c, .schema)
        let name = try c.decode(String.self, forKey: .scenario)
        guard name == Scenario.fragmentation.rawValue else { throw DocumentError.unknownScenario(name) }
        let parameters = version == .stringParameters
            ? try SchemaOne.fragmentation(c.decode([String: String].self, forKey: .parameters))
            : try c.decode(FragmentationParameters.self, forKey: .parameters)
        self.init(context: try c.decode(RunContext.self, forKey: .context), parameters: parameters,
                  driver: try c.decode(Driver.self, forKey: .driver), before: try c.decode(Snapshot.self, forKey: .before),
                  after: try c.decode(Snapshot.self, forKey: .after), probes: try c.decode([Probe].self, forKey: .probes),
                  tallyBefore: try c.decodeIfPresent(PageblockTally.self, forKey: .tallyBefore),
                  samples: try c.decodeIfPresent([ChurnSample].self, forKey: .samples) ?? [],
                  during: try c.decodeIfPresent(Snapshot.self, forKey: .during),
                  highalloc: try c.decodeIfPresent([HighallocRun].self, forKey: .highalloc) ?? [])
        readAs = version
    }

}
