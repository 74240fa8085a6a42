import CPagebulk

/// How the order-0 benchmark allocates a batch; mirrors
/// `enum pagebulk_order0_alloc`.
public enum Order0Alloc: String, CaseIterable, Codable, Sendable {
    case single, bulk

    var raw: UInt32 {
        switch self {
        case .single: PAGEBULK_ORDER0_ALLOC_SINGLE.rawValue
        case .bulk: PAGEBULK_ORDER0_ALLOC_BULK.rawValue
        }
    }
}

/// How it frees the batch; mirrors `enum pagebulk_order0_free`.
public enum Order0Free: String, CaseIterable, Codable, Sendable {
    case single, bulk, release

    var raw: UInt32 {
        switch self {
        case .single: PAGEBULK_ORDER0_FREE_SINGLE.rawValue
        case .bulk: PAGEBULK_ORDER0_FREE_BULK.rawValue
        case .release: PAGEBULK_ORDER0_FREE_RELEASE.rawValue
        }
    }
}

/// One iteration: a batch allocated, then freed, both halves timed.
public struct Order0Sample: Codable, Sendable, Equatable {
    public var allocNs: UInt64
    public var allocCycles: UInt64
    public var freeNs: UInt64
    public var freeCycles: UInt64

    public init(allocNs: UInt64, allocCycles: UInt64, freeNs: UInt64, freeCycles: UInt64) {
        self.allocNs = allocNs
        self.allocCycles = allocCycles
        self.freeNs = freeNs
        self.freeCycles = freeCycles
    }
}

/// What one ORDER0 call measured.
public struct Order0Run: Codable, Sendable, Equatable {
    public var alloc: Order0Alloc
    public var free: Order0Free
    public var batch: UInt32
    public var samples: [Order0Sample]
    /// Iterations run again because the task was switched out.
    public var preempted: UInt32
    /// Allocator calls that returned fewer pages than asked.
    public var short: UInt64

    public init(alloc: Order0Alloc, free: Order0Free, batch: UInt32, samples: [Order0Sample],
                preempted: UInt32, short: UInt64) {
        self.alloc = alloc
        self.free = free
        self.batch = batch
        self.samples = samples
        self.preempted = preempted
        self.short = short
    }
}

extension ControlRequests where Self: ~Copyable {
    /// Allocate and free `batch` order-0 pages `iterations` times (after
    /// `warmup` unkept ones) and return every sample.
    public func order0(alloc: Order0Alloc, free: Order0Free, batch: UInt32, iterations: UInt32,
                       warmup: UInt32) throws(PagebulkError) -> Order0Run {
        var raw = pagebulk_order0()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.alloc = alloc.raw
        raw.free = free.raw
        raw.batch = batch
        raw.iterations = iterations
        raw.warmup = warmup
        var buffer = [pagebulk_order0_sample](repeating: pagebulk_order0_sample(), count: Int(iterations))
        try buffer.withUnsafeMutableBufferPointer { (samples) throws(PagebulkError) in
            raw.samples = UInt64(UInt(bitPattern: samples.baseAddress))
            try ioctl(.order0, &raw)
        }
        let kept = buffer.prefix(Int(Swift.min(raw.nr_samples, iterations))).map {
            Order0Sample(allocNs: $0.alloc_ns, allocCycles: $0.alloc_cycles,
                         freeNs: $0.free_ns, freeCycles: $0.free_cycles)
        }
        return Order0Run(alloc: alloc, free: free, batch: batch, samples: kept,
                         preempted: raw.nr_preempted, short: raw.nr_short)
    }
}
