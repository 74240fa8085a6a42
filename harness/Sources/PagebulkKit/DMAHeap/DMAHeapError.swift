import SystemPackage

/// What a dma-buf heap call can fail with. An allocation's errno is a
/// result the scenario records (ENOMEM on shortage, EINTR on a fatal
/// signal), so it has a case of its own with the time the call took.
public enum DMAHeapError: Error, Equatable, CustomStringConvertible {
    /// /dev/dma_heap/NAME is not there: this kernel has no such heap.
    case noHeap(String)
    /// DMA_HEAP_IOCTL_ALLOC failed after `elapsedNs`.
    case allocationFailed(heap: String, length: UInt64, errno: Errno, elapsedNs: UInt64)
    /// Another call failed: which, on what, and errno.
    case system(call: String, path: String, errno: Errno)

    /// The errno behind the failure; nil for a missing heap.
    public var errno: Errno? {
        switch self {
        case .noHeap: nil
        case let .allocationFailed(_, _, errno, _): errno
        case let .system(_, _, errno): errno
        }
    }

    public var description: String {
        switch self {
        case let .noHeap(name):
            "no dma-buf heap \(DMAHeap.directory)/\(name) (this kernel does not register it)"
        case let .allocationFailed(heap, length, errno, elapsedNs):
            "\(heap): allocation of \(length) bytes failed after \(elapsedNs / 1000) us: \(errno)"
        case let .system(call, path, errno):
            "\(call) \(path): \(errno)"
        }
    }
}
