import PagebulkKit

/// What each call of the dmaheap scenario asked for.
public struct HeapParameters: Codable, Sendable, Equatable {
    /// Bytes per call.
    public var length: UInt64
    /// Trials per heap.
    public var trials: Int
    /// The heaps that ran, in the order given.
    public var heaps: [HeapVariant]
    /// Heaps asked for that this kernel does not register.
    public var missing: [HeapVariant]
    /// chunk_heap.order; nil without the chunk heap.
    public var chunkOrder: UInt32?
    /// The CMA area the CMA heaps draw from and the census walks.
    public var cma: String
    public var workload: Workload?
    public var schedule: TrialSchedule?

    public init(length: UInt64, trials: Int, heaps: [HeapVariant], missing: [HeapVariant], chunkOrder: UInt32?,
                cma: String, workload: Workload?, schedule: TrialSchedule?) {
        self.length = length
        self.trials = trials
        self.heaps = heaps
        self.missing = missing
        self.chunkOrder = chunkOrder
        self.cma = cma
        self.workload = workload
        self.schedule = schedule
    }
}

/// The dmaheap scenario: every call's raw record and the per-heap summary
/// derived from them (recomputed on reading, never trusted from the file).
public struct HeapDocument: Codable, Sendable {
    /// Written: always the current schema.
    public let schema = SchemaVersion.current
    public let scenario = Scenario.dmaheap
    public var context: RunContext
    public var parameters: HeapParameters
    public var trials: [HeapTrial]
    public var summary: [HeapSummary]

    public init(context: RunContext, parameters: HeapParameters, trials: [HeapTrial]) {
        self.context = context
        self.parameters = parameters
        self.trials = trials
        summary = HeapSummary.all(trials)
    }

    enum CodingKeys: String, CodingKey { case schema, scenario, context, parameters, trials, summary }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Born in schema 2: there is no string-parameter form to read.
        guard try decodeSchema(c, .schema) == .typedParameters else {
            throw DocumentError.unknownSchema(try c.decode(Int.self, forKey: .schema))
        }
        let name = try c.decode(String.self, forKey: .scenario)
        guard name == Scenario.dmaheap.rawValue else { throw DocumentError.unknownScenario(name) }
        self.init(context: try c.decode(RunContext.self, forKey: .context),
                  parameters: try c.decode(HeapParameters.self, forKey: .parameters),
                  trials: try c.decode([HeapTrial].self, forKey: .trials))
    }

    public func heap(_ heap: HeapVariant) -> HeapSummary? { summary.first { $0.heap == heap } }
}
