#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A dma-buf: the file descriptor a heap returned. The buffer lives while
/// the descriptor or a mapping of it does; noncopyable, so exactly one
/// owner closes the descriptor, once.
public struct DMABuf: ~Copyable, Sendable {
    public let heap: String
    public let descriptor: FileDescriptor
    /// How long DMA_HEAP_IOCTL_ALLOC took, CLOCK_MONOTONIC.
    public let allocationNs: UInt64

    init(heap: String, descriptor: FileDescriptor, allocationNs: UInt64) {
        self.heap = heap
        self.descriptor = descriptor
        self.allocationNs = allocationNs
    }

    deinit {
        // close(2) of a dma-buf fails only for a bad descriptor.
        try? descriptor.close()
    }

    /// Close the descriptor now; a mapping keeps the buffer alive until
    /// it is unmapped.
    public consuming func close() {}

    /// The buffer's size as the exporter made it (heaps round the length
    /// up): dma-buf answers lseek(fd, 0, SEEK_END) with it.
    public func size() throws(DMAHeapError) -> UInt64 {
        let end = lseek(descriptor.rawValue, 0, SEEK_END)
        guard end >= 0 else { throw .system(call: "lseek", path: "dma-buf of \(heap)", errno: Errno(rawValue: errno)) }
        return UInt64(end)
    }

    /// Map `length` bytes read-write and shared (the heaps refuse private
    /// mappings of a buffer).
    public func map(length: UInt64) throws(DMAHeapError) -> DMABufMapping {
        try DMABufMapping(descriptor: descriptor, length: length, heap: heap)
    }
}
