import PagebulkKit

/// The guest's background workload while trials ran (scripts/guest-load.sh):
/// compile jobs, buffered writes and anonymous churn. Nil in a document
/// when the guest was idle.
public struct Workload: Codable, Sendable, Equatable, CustomStringConvertible {
    public var compileJobs: Int
    /// Seconds it ran before the first trial.
    public var warmupSeconds: Int
    /// The workload script's profile: "light" (scripts/guest-load.sh) or
    /// "seed" (scripts/guest-load-seed.sh); nil in older documents.
    public var profile: String?
    /// Every knob, as the script wrote them when it started.
    public var knobs: [String]?

    public init(compileJobs: Int, warmupSeconds: Int, profile: String? = nil, knobs: [String]? = nil) {
        self.compileJobs = compileJobs
        self.warmupSeconds = warmupSeconds
        self.profile = profile
        self.knobs = knobs
    }

    /// The seed profile's anonymous pressure: the regulator that holds
    /// free memory near the low watermark (issue 14), or, in documents
    /// from before it, stress-ng over a fixed share of RAM.
    var anonymousPressure: String {
        knobs?.contains { $0.contains("anon regulator") } == true ? "anon regulator near the low watermark"
            : "stress-ng"
    }

    public var description: String {
        switch profile {
        case "seed"?:
            "seed profile (kernel build -j\(compileJobs), swap, dirty writers, O_DIRECT fio, \(anonymousPressure)), "
                + "\(warmupSeconds) s warm-up"
        default:
            "\(compileJobs) compile jobs + buffered writes + anon churn, \(warmupSeconds) s warm-up"
        }
    }
}

/// What each trial of an allocation scenario asked for.
public struct AllocationParameters: Codable, Sendable, Equatable {
    public var order: UInt32
    /// Pieces per trial.
    public var count: UInt64
    /// The CMA area's name.
    public var cma: String
    /// Trials per method.
    public var trials: Int
    public var workload: Workload?
    /// The pins scenario's own parameters; nil in the others.
    public var pins: PinsParameters?
    /// Method order and refill waits; nil when methods ran in a fixed order.
    public var schedule: TrialSchedule?

    public init(order: UInt32, count: UInt64, cma: String, trials: Int, workload: Workload? = nil,
                pins: PinsParameters? = nil, schedule: TrialSchedule? = nil) {
        self.schedule = schedule
        self.order = order
        self.count = count
        self.cma = cma
        self.trials = trials
        self.workload = workload
        self.pins = pins
    }
}

/// How the pins scenario prepared the CMA area.
public struct PinsParameters: Codable, Sendable, Equatable {
    /// MiB of page cache written before pinning, so there are pages to pin.
    public var fillMiB: UInt64
    /// What each K (and each placement group) actually pinned.
    public var held: [PinsHeld]
    /// The seed the random, clustered and transient groups drew from
    /// (`PinsHeld.seed` says each PIN's); nil in older documents.
    public var seed: UInt64?

    public init(fillMiB: UInt64, held: [PinsHeld], seed: UInt64? = nil) {
        self.fillMiB = fillMiB
        self.held = held
        self.seed = seed
    }
}

/// What PIN reported for one K, or one placement group.
public struct PinsHeld: Codable, Sendable, Equatable {
    /// K, as asked.
    public var pins: UInt64
    public var pinned: UInt64
    /// Of those, pages that were taken (free, not in use) rather than
    /// extra references on in-use LRU pages.
    public var taken: UInt64
    public var pinnedBlocks: UInt64
    /// The placement group (random, clustered, transient); nil for the
    /// centres sweep, and the fields below with it.
    public var group: String?
    public var placement: PinPlacement?
    /// The PIN's seed; a transient group's first trial's (trial t: seed + t).
    public var seed: UInt64?
    public var hold: PinHold?
    /// Pieces each call of the group asked for.
    public var requested: UInt64?
    /// Distinct order-`order` windows holding a pin.
    public var pinnedWindows: UInt64?
    /// The most pieces the pins alone leave (no census).
    public var bound: PinBound?
    /// The pfns pinned, in placement order (not for transient groups).
    public var pfns: [UInt64]?

    public init(pins: UInt64, pinned: UInt64, taken: UInt64, pinnedBlocks: UInt64, group: String? = nil,
                placement: PinPlacement? = nil, seed: UInt64? = nil, hold: PinHold? = nil,
                requested: UInt64? = nil, pinnedWindows: UInt64? = nil, bound: PinBound? = nil,
                pfns: [UInt64]? = nil) {
        self.pins = pins
        self.pinned = pinned
        self.taken = taken
        self.pinnedBlocks = pinnedBlocks
        self.group = group
        self.placement = placement
        self.seed = seed
        self.hold = hold
        self.requested = requested
        self.pinnedWindows = pinnedWindows
        self.bound = bound
        self.pfns = pfns
    }
}

/// The order-0 benchmark's settings.
public struct Order0Parameters: Codable, Sendable, Equatable {
    public var iterations: UInt32
    public var warmup: UInt32
    /// page_owner=on makes alloc_pages_bulk_array() fall back to single pages.
    public var pageOwner: Bool
    /// Seed of the shuffled order in which single iterations of every
    /// method and batch ran; nil when each ran as one block.
    public var interleaveSeed: UInt64?

    public init(iterations: UInt32, warmup: UInt32, pageOwner: Bool, interleaveSeed: UInt64? = nil) {
        self.iterations = iterations
        self.warmup = warmup
        self.pageOwner = pageOwner
        self.interleaveSeed = interleaveSeed
    }
}

/// The fragmentation driver's settings.
public struct FragmentationParameters: Codable, Sendable, Equatable {
    public var holdMiB: UInt64
    /// Pages per driver allocation (one handle).
    public var unitPages: UInt64
    public var rounds: Int
    /// Share of the units freed and allocated again per round.
    public var churnPercent: Int
    public var seed: UInt64
    public var workload: Workload?

    public init(holdMiB: UInt64, unitPages: UInt64, rounds: Int, churnPercent: Int, seed: UInt64,
                workload: Workload?) {
        self.holdMiB = holdMiB
        self.unitPages = unitPages
        self.rounds = rounds
        self.churnPercent = churnPercent
        self.seed = seed
        self.workload = workload
    }
}
