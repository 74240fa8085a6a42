import PagebulkProc
import SystemPackage

/// One call of one heap: what was asked, what came back, how long each
/// step took, where the pages lay, and the conditions around the call.
/// The raw record the dmaheap scenario keeps.
public struct HeapTrial: Codable, Sendable, Equatable {
    public var heap: HeapVariant
    /// 0-based, per heap within one boot.
    public var trial: Int
    /// Bytes asked for.
    public var length: UInt64
    /// The dma-buf's size (the heap rounds up); nil when the call failed.
    public var size: UInt64?
    /// The ioctl's errno; nil when it succeeded.
    public var errno: Int32?
    /// DMA_HEAP_IOCTL_ALLOC, CLOCK_MONOTONIC, success or failure alike.
    public var allocNs: UInt64
    /// mmap of the whole buffer.
    public var mapNs: UInt64?
    /// One byte written into every page (faults them in).
    public var touchNs: UInt64?
    /// munmap and close: the buffer goes back when its last reference does.
    public var freeNs: UInt64?
    /// The scatter-gather list a device is given for the buffer (the
    /// module's DMABUF_LAYOUT): entries by order, contiguous runs.
    public var sg: DMABufLayout?
    /// The runs of the buffer's frames; nil when nothing showed the frames.
    public var layout: PhysicalLayout?
    /// Where the frames came from: pagemap (buffer order) or the CMA
    /// bitmap (frame order, so runs merge chunks that lie side by side).
    public var layoutSource: LayoutSource?
    /// For the chunk heap: its buffer checked chunk by chunk.
    public var chunks: ChunkAlignment?
    /// The CMA area's debugfs `used` before, while the buffer was held,
    /// and after it was freed.
    public var cmaUsed: CMAUsedTrace?
    /// System-wide /proc/vmstat events across the ioctl.
    public var vm: VMEventDelta?
    /// The CMA area just before the call (the load's conditions).
    public var census: RangeCensus?
    /// The CMA area just after a failed call of a CMA-backed heap: what
    /// was in the range the heap could not clear.
    public var failureCensus: RangeCensus?
    /// How long the call waited for the load to fill the area again.
    public var refillWait: RefillWait?

    public init(heap: HeapVariant, trial: Int, length: UInt64, allocNs: UInt64) {
        self.heap = heap
        self.trial = trial
        self.length = length
        self.allocNs = allocNs
    }

    /// The heap returned a buffer of at least the length asked.
    public var isFull: Bool { errno == nil && (size ?? 0) >= length }

    /// "ENOMEM", "EINTR", or the number for others.
    public var errnoName: String? { errno.map(Self.errnoName) }

    public static func errnoName(_ value: Int32) -> String {
        switch Errno(rawValue: value) {
        case .noMemory: "ENOMEM"
        case .interrupted: "EINTR"
        case .invalidArgument: "EINVAL"
        case .resourceBusy: "EBUSY"
        case .notPermitted: "EPERM"
        default: "errno \(value)"
        }
    }
}

/// A CMA area's `used` pages around one call.
public struct CMAUsedTrace: Codable, Sendable, Equatable {
    public var before: UInt64
    /// While the buffer was held; nil when the call failed.
    public var held: UInt64?
    /// After the buffer was freed, or after the failed call.
    public var after: UInt64

    public init(before: UInt64, held: UInt64?, after: UInt64) {
        self.before = before
        self.held = held
        self.after = after
    }
}
