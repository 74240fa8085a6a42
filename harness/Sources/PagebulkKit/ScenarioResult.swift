/// One versioned JSON document per scenario run: the context, the request,
/// every trial's raw figures, and the per-method summary derived from them.
public struct ScenarioResult: Codable, Sendable {
    public static let schemaVersion = 1

    public struct Trial: Codable, Sendable, Equatable {
        public var method: AllocMethod
        public var trial: Int
        /// The condition the trial ran under, e.g. "pins=10"; nil when one.
        public var group: String?
        public var request: AllocRequest
        public var result: AllocResult
        public var free: FreeResult?

        public init(method: AllocMethod, trial: Int, group: String? = nil, request: AllocRequest,
                    result: AllocResult, free: FreeResult?) {
            self.method = method
            self.trial = trial
            self.group = group
            self.request = request
            self.result = result
            self.free = free
        }
    }

    /// Derived from `trials`: never edited by hand.
    public struct MethodSummary: Codable, Sendable, Equatable {
        /// `AllocRequest.label`: the method, and its mode when it has one.
        public var label: String
        public var group: String?
        public var trials: Int
        public var chunksSkipped: UInt64
        public var requested: UInt64
        public var fullSuccess: Int
        public var worstYield: UInt64
        public var bestYield: UInt64
        public var latencyNs: Percentiles?
        public var pagesMigrated: UInt64

        public init(label: String, group: String? = nil, trials: [Trial]) {
            let mine = trials.filter { $0.request.label == label && $0.group == group }
            self.label = label
            self.group = group
            chunksSkipped = mine.map(\.result.chunksSkipped).max() ?? 0
            self.trials = mine.count
            requested = mine.first?.request.count ?? 0
            fullSuccess = mine.filter { $0.result.obtained == $0.request.count }.count
            worstYield = mine.map(\.result.obtained).min() ?? 0
            bestYield = mine.map(\.result.obtained).max() ?? 0
            latencyNs = Percentiles(mine.map(\.result.elapsedNs))
            pagesMigrated = mine.reduce(0) { $0 + $1.result.vm.pgmigrateSuccess }
        }
    }

    public var schema: Int
    public var scenario: String
    public var context: RunContext
    public var parameters: [String: String]
    public var trials: [Trial]
    public var summary: [MethodSummary]

    public init(scenario: String, context: RunContext, parameters: [String: String], trials: [Trial]) {
        schema = Self.schemaVersion
        self.scenario = scenario
        self.context = context
        self.parameters = parameters
        self.trials = trials
        var seen: [[String?]] = []
        for t in trials where !seen.contains([t.group, t.request.label]) { seen.append([t.group, t.request.label]) }
        summary = seen.map { MethodSummary(label: $0[1] ?? "", group: $0[0], trials: trials) }
    }
}
