import PagebulkKit

/// The baseline, highorder and pins scenarios: the context, the typed
/// parameters, every trial's raw figures, and the per-method summary
/// derived from them (recomputed on reading, never trusted from the file).
public struct AllocationDocument: Codable, Sendable {
    /// Written: always the current schema.
    public let schema = SchemaVersion.current
    /// The schema the document was read as; not written.
    public var readAs = SchemaVersion.current
    public var scenario: Scenario
    public var context: RunContext
    public var parameters: AllocationParameters
    public var trials: [AllocTrial]
    public var summary: [MethodSummary]

    public init(scenario: Scenario, context: RunContext, parameters: AllocationParameters, trials: [AllocTrial]) {
        self.scenario = scenario
        self.context = context
        self.parameters = parameters
        self.trials = trials
        summary = MethodSummary.all(trials)
    }

    enum CodingKeys: String, CodingKey { case schema, scenario, context, parameters, trials, summary }

    /// Schema 1's trial: the pins scenario's K as a "pins=K" group.
    private struct SchemaOneTrial: Decodable {
        var method: AllocMethod
        var trial: Int
        var group: String?
        var request: AllocRequest
        var result: AllocResult
        var free: FreeResult?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try decodeSchema(c, .schema)
        let name = try c.decode(String.self, forKey: .scenario)
        guard let scenario = Scenario(rawValue: name), scenario.isAllocation else {
            throw DocumentError.unknownScenario(name)
        }
        let context = try c.decode(RunContext.self, forKey: .context)
        switch version {
        case .stringParameters:
            let old = try c.decode([SchemaOneTrial].self, forKey: .trials)
            let trials = try old.map {
                AllocTrial(method: $0.method, trial: $0.trial, pins: try SchemaOne.pins(group: $0.group),
                           request: $0.request, result: $0.result, free: $0.free)
            }
            let parameters = try SchemaOne.allocation(c.decode([String: String].self, forKey: .parameters),
                                                      scenario: scenario)
            self.init(scenario: scenario, context: context, parameters: parameters, trials: trials)
            readAs = version
        case .typedParameters:
            self.init(scenario: scenario, context: context,
                      parameters: try c.decode(AllocationParameters.self, forKey: .parameters),
                      trials: try c.decode([AllocTrial].self, forKey: .trials))
        }
    }

    /// The summary row of one method label (and K and placement group, in
    /// the pins scenario).
    public func method(_ label: String, pins: UInt64? = nil, pinGroup: String? = nil) -> MethodSummary? {
        summary.first { $0.label == label && $0.pins == pins && $0.pinGroup == pinGroup }
    }
}
