#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A shared read-write mapping of a dma-buf. It holds a reference to the
/// buffer of its own, so it outlives the descriptor it was made from;
/// noncopyable, so one owner unmaps it, once.
public struct DMABufMapping: ~Copyable, @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    public let length: Int
    public let pageSize: Int

    init(descriptor: FileDescriptor, length: UInt64, heap: String) throws(DMAHeapError) {
        guard let bytes = Int(exactly: length), bytes > 0 else {
            throw .system(call: "mmap \(length) bytes", path: "dma-buf of \(heap)", errno: .invalidArgument)
        }
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor.rawValue, 0)
        guard let p, p != MAP_FAILED else {
            throw .system(call: "mmap", path: "dma-buf of \(heap)", errno: Errno(rawValue: errno))
        }
        base = p
        self.length = bytes
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    deinit {
        munmap(base, length)
    }

    /// Unmap now.
    public consuming func unmap() {}

    /// The first address, for /proc/self/pagemap.
    public var address: UInt { UInt(bitPattern: base) }

    public var pages: Int { (length + pageSize - 1) / pageSize }

    /// Write one byte into every page, so that every page is faulted in
    /// and mapped (the CMA heap maps a page on its first fault).
    public func touch(value: UInt8 = 0x5a) {
        for page in 0..<pages { base.storeBytes(of: value, toByteOffset: page * pageSize, as: UInt8.self) }
    }

    /// Byte offset of the first non-zero byte, nil when all are zero: a
    /// heap must not hand out another user's data.
    public func firstNonZeroByte() -> Int? {
        let words = length / 8
        let w = base.assumingMemoryBound(to: UInt64.self)
        for i in 0..<words where w[i] != 0 {
            for b in 0..<8 where base.load(fromByteOffset: i * 8 + b, as: UInt8.self) != 0 { return i * 8 + b }
        }
        for b in (words * 8)..<length where base.load(fromByteOffset: b, as: UInt8.self) != 0 { return b }
        return nil
    }

    /// Write a word derived from `seed` and the page's index at the start
    /// of every page.
    public func stamp(seed: UInt64) {
        for page in 0..<pages {
            base.storeBytes(of: Self.word(seed, page), toByteOffset: page * pageSize, as: UInt64.self)
        }
    }

    /// Pages whose first word is not what `stamp(seed:)` wrote.
    public func stampMismatches(seed: UInt64) -> Int {
        (0..<pages).filter { base.load(fromByteOffset: $0 * pageSize, as: UInt64.self) != Self.word(seed, $0) }.count
    }

    static func word(_ seed: UInt64, _ page: Int) -> UInt64 {
        seed ^ (UInt64(truncatingIfNeeded: page) &* 0x9E37_79B9_7F4A_7C15)
    }
}
