/// One trial of one allocation request: what was asked, what came back, and
/// what freeing it returned. The raw record every allocation scenario keeps.
public struct AllocTrial: Codable, Sendable, Equatable {
    public var method: AllocMethod
    /// 0-based, per request within one boot.
    public var trial: Int
    /// Pages pinned in the CMA area while the trial ran (the pins
    /// scenario's K); nil when the scenario pins nothing.
    public var pins: UInt64?
    public var request: AllocRequest
    public var result: AllocResult
    public var free: FreeResult?
    /// The target range just before the call; nil where not taken.
    public var census: RangeCensus?
    /// The same range just after an all-or-nothing call that came back
    /// short (`AllocRequest.isAllOrNothing`): what kept it from
    /// succeeding. Nil when the call succeeded, is best effort, or the
    /// scenario took no census.
    public var failureCensus: RangeCensus?
    /// How long the trial waited for the workload to fill the range again
    /// (`TrialSchedule`); nil when it did not wait.
    public var refillWait: RefillWait?
    /// The pins scenario's placement group (`PinsGroup`: "random",
    /// "clustered", "transient"); nil for the centres sweep and elsewhere.
    public var pinGroup: String?
    /// What the PIN in force said when it was made (a transient group
    /// makes one PIN per call); nil where nothing was pinned this way.
    public var pinResult: PinResult?
    /// The most pieces the pins (and the census just before the call)
    /// leave in the area (`PinBound`); nil where not computed.
    public var bound: PinBound?

    public init(method: AllocMethod, trial: Int, pins: UInt64? = nil, request: AllocRequest,
                result: AllocResult, free: FreeResult?, census: RangeCensus? = nil,
                refillWait: RefillWait? = nil, failureCensus: RangeCensus? = nil) {
        self.method = method
        self.trial = trial
        self.pins = pins
        self.request = request
        self.result = result
        self.free = free
        self.census = census
        self.refillWait = refillWait
        self.failureCensus = failureCensus
    }

    /// Every page asked for was obtained.
    public var isFull: Bool { result.obtained == request.count }

    /// The yield this call could reach: the request, or the bound when
    /// that is lower; nil without a bound.
    public var reachable: UInt64? { bound?.reachable(request.count) }
}

/// Allocate, then free at once: one trial, the pages never held longer.
public enum TrialRunner {
    public static func run(_ control: borrowing ControlFile, _ request: AllocRequest, trial: Int,
                           pins: UInt64? = nil) throws(PagebulkError) -> AllocTrial {
        let result = try control.alloc(request)
        let free = result.handle != 0 ? try control.free(handle: result.handle) : nil
        return AllocTrial(method: request.method, trial: trial, pins: pins, request: request, result: result,
                          free: free)
    }

    /// The same, with a census of `range` taken just before the call, and
    /// one more just after it when an all-or-nothing call came back short
    /// (before anything is freed).
    public static func run(_ control: borrowing ControlFile, _ request: AllocRequest, trial: Int,
                           census range: CensusRange, blockOrder: UInt32) throws(PagebulkError) -> AllocTrial {
        let census = try control.census(range, blockOrder: blockOrder)
        let result = try control.alloc(request)
        let after: RangeCensus? = if request.isAllOrNothing && result.obtained < request.count {
            try control.census(range, blockOrder: blockOrder)
        } else {
            nil
        }
        let free = result.handle != 0 ? try control.free(handle: result.handle) : nil
        return AllocTrial(method: request.method, trial: trial, request: request, result: result, free: free,
                          census: census, failureCensus: after)
    }
}
