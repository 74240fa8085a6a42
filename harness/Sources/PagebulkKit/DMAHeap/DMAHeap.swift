#if canImport(Glibc)
import Glibc
#endif
import CPagebulk
import SystemPackage

/// A dma-buf heap, /dev/dma_heap/NAME: a device that hands out buffers as
/// dma-buf file descriptors. Noncopyable, so one owner closes it, once.
public struct DMAHeap: ~Copyable, Sendable {
    public static let directory = "/dev/dma_heap"

    public let name: String
    public let descriptor: FileDescriptor

    public var path: String { Self.path(name) }

    public static func path(_ name: String) -> String { directory + "/" + name }

    private init(name: String, descriptor: FileDescriptor) {
        self.name = name
        self.descriptor = descriptor
    }

    /// Whether the kernel registered heap `name`.
    public static func exists(_ name: String) throws(PagebulkError) -> Bool {
        try TextFile.exists(path(name))
    }

    /// Open the heap's device. The corresponding C function is `open`.
    public static func open(_ name: String) throws(DMAHeapError) -> DMAHeap {
        do {
            let fd = try FileDescriptor.open(FilePath(path(name)), .readOnly, options: .closeOnExec)
            return DMAHeap(name: name, descriptor: fd)
        } catch let errno as Errno {
            if errno == .noSuchFileOrDirectory { throw .noHeap(name) }
            throw .system(call: "open", path: path(name), errno: errno)
        } catch {
            throw .system(call: "open", path: path(name), errno: .ioError)
        }
    }

    deinit {
        try? descriptor.close()
    }

    /// DMA_HEAP_IOCTL_ALLOC of `length` bytes, read-write and close-on-exec,
    /// no heap flags: a buffer, or the kernel's errno with the time it took
    /// to say so. The call is timed on CLOCK_MONOTONIC around the ioctl
    /// alone. EINTR is not retried: the heaps return it only for a fatal
    /// signal, and a retry would time two calls as one.
    public func allocate(length: UInt64) throws(DMAHeapError) -> DMABuf {
        var data = dma_heap_allocation_data()
        data.len = length
        data.fd_flags = UInt32(O_RDWR | O_CLOEXEC)
        data.heap_flags = 0
        let request = IoctlRequest<dma_heap_allocation_data>.dmaHeapAlloc
        let fd = descriptor.rawValue
        let started = MonotonicClock.nowNs()
        let rc = withUnsafeMutablePointer(to: &data) { ioctl(fd, request.number, UnsafeMutableRawPointer($0)) }
        let err = Errno(rawValue: errno)
        let elapsed = MonotonicClock.nowNs().subtractingReportingOverflow(started).partialValue
        guard rc >= 0 else {
            throw .allocationFailed(heap: name, length: length, errno: err, elapsedNs: elapsed)
        }
        // The kernel wrote an fd number; one that is no valid descriptor
        // would be a kernel bug, reported as such rather than trapped on.
        guard let buffer = Int32(exactly: data.fd), buffer >= 0 else {
            throw .system(call: "\(request.name) fd \(data.fd)", path: path, errno: .badFileDescriptor)
        }
        return DMABuf(heap: name, descriptor: FileDescriptor(rawValue: buffer), allocationNs: elapsed)
    }
}
