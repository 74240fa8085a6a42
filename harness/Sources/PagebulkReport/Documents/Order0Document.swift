import PagebulkKit

/// The order-0 cost experiment: every raw sample of every (alloc, free,
/// batch) run, and the per-cpu list sizes they ran against.
public struct Order0Document: Codable, Sendable {
    /// One zone's per-cpu list limits, as /proc/zoneinfo showed them.
    public struct PCPLimits: Codable, Sendable, Equatable {
        public var zone: String
        public var cpu: Int
        public var high: Int64
        public var batch: Int64

        public init(zone: String, cpu: Int, high: Int64, batch: Int64) {
            self.zone = zone
            self.cpu = cpu
            self.high = high
            self.batch = batch
        }
    }

    /// Written: always the current schema.
    public let schema = SchemaVersion.current
    /// The schema the document was read as; not written.
    public var readAs = SchemaVersion.current
    public let scenario = Scenario.order0
    public var context: RunContext
    public var parameters: Order0Parameters
    public var pcp: [PCPLimits]
    public var runs: [Order0Run]

    public init(context: RunContext, parameters: Order0Parameters, pcp: [PCPLimits], runs: [Order0Run]) {
        self.context = context
        self.parameters = parameters
        self.pcp = pcp
        self.runs = runs
    }

    enum CodingKeys: String, CodingKey { case schema, scenario, context, parameters, pcp, runs }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try decodeSchema(c, .schema)
        let name = try c.decode(String.self, forKey: .scenario)
        guard name == Scenario.order0.rawValue else { throw DocumentError.unknownScenario(name) }
        let parameters = version == .stringParameters
            ? try SchemaOne.order0(c.decode([String: String].self, forKey: .parameters))
            : try c.decode(Order0Parameters.self, forKey: .parameters)
        self.init(context: try c.decode(RunContext.self, forKey: .context), parameters: parameters,
                  pcp: try c.decode([PCPLimits].self, forKey: .pcp), runs: try c.decode([Order0Run].self, forKey: .runs))
        readAs = version
    }

}
