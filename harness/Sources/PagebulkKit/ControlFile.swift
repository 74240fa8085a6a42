#if canImport(Glibc)
import Glibc
#endif
import CPagebulk
import SystemPackage

/// The module's control file, `/sys/kernel/debug/pagebulk/control`.
///
/// Handles belong to the open file: closing it frees every allocation still
/// held, so a crashed harness leaks nothing.
public struct ControlFile: Sendable {
    public static let defaultPath = "/sys/kernel/debug/pagebulk/control"

    public let path: String
    private let fd: FileDescriptor
    var descriptor: CInt { fd.rawValue }

    private init(path: String, fd: FileDescriptor) {
        self.path = path
        self.fd = fd
    }

    /// Open the control file. The corresponding C function is `open`.
    public static func open(_ path: String = defaultPath) throws(PagebulkError) -> ControlFile {
        do {
            let fd = try FileDescriptor.open(FilePath(path), .readWrite, options: .closeOnExec)
            return ControlFile(path: path, fd: fd)
        } catch let errno as Errno {
            if errno == .noSuchFileOrDirectory { throw .notLoaded }
            throw .system(call: "open", path: path, errno: errno)
        } catch {
            throw .system(call: "open", path: path, errno: .ioError)
        }
    }

    /// Close the file, which frees everything its handles still hold.
    public func close() {
        try? fd.close()
    }

    func ioctl<T>(_ name: String, _ request: UInt, _ value: inout T) throws(PagebulkError) {
        let raw = fd.rawValue
        try retryingSyscall("ioctl \(name)", path) {
            withUnsafeMutablePointer(to: &value) { Glibc.ioctl(raw, request, UnsafeMutableRawPointer($0)) }
        }
    }

    public func info() throws(PagebulkError) -> ModuleInfo {
        var raw = pagebulk_info()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        try ioctl("INFO", UInt(pagebulk_ioc_info()), &raw)
        guard raw.abi_version == UInt32(PAGEBULK_ABI_VERSION) else {
            throw .abiMismatch(module: raw.abi_version, harness: UInt32(PAGEBULK_ABI_VERSION))
        }
        return ModuleInfo(raw)
    }

    public func alloc(_ request: AllocRequest) throws(PagebulkError) -> AllocResult {
        var raw = request.raw
        try ioctl("ALLOC", UInt(pagebulk_ioc_alloc()), &raw)
        return AllocResult(raw)
    }

    /// An ALLOC exactly as given, fields unchecked: for hostile-input tests.
    public func alloc(raw: pagebulk_alloc) throws(PagebulkError) -> AllocResult {
        var raw = raw
        try ioctl("ALLOC", UInt(pagebulk_ioc_alloc()), &raw)
        return AllocResult(raw)
    }

    public func free(handle: UInt64) throws(PagebulkError) -> FreeResult {
        var raw = pagebulk_free()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.handle = handle
        try ioctl("FREE", UInt(pagebulk_ioc_free()), &raw)
        return FreeResult(freed: raw.nr_freed, elapsedNs: raw.elapsed_ns)
    }

    /// Check a handle's shape and contents (see `VerifyContents`); `range`
    /// limits where the pieces may lie.
    public func verify(handle: UInt64, range: Range<UInt64>? = nil,
                       contents: VerifyContents = .writeAndRead) throws(PagebulkError) -> VerifyResult {
        var raw = pagebulk_verify()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.flags = contents.flags
        raw.handle = handle
        raw.lo_pfn = range?.lowerBound ?? 0
        raw.hi_pfn = range?.upperBound ?? 0
        try ioctl("VERIFY", UInt(pagebulk_ioc_verify()), &raw)
        return VerifyResult(raw)
    }
}

/// What PIN holds now.
public struct PinResult: Codable, Sendable, Equatable {
    public var pinned: UInt64
    /// Pins that are pages taken out of the area (no in-use page was near).
    public var taken: UInt64
    public var pinnedBlocks: UInt64

    public init(pinned: UInt64, taken: UInt64, pinnedBlocks: UInt64) {
        self.pinned = pinned
        self.taken = taken
        self.pinnedBlocks = pinnedBlocks
    }
}

extension ControlFile {
    /// Hold references on `count` in-use pages spread evenly over a CMA area
    /// (migrating them then fails); `count` 0 drops them. Closing the file
    /// drops them too.
    public func pin(cmaArea: Int, count: UInt64) throws(PagebulkError) -> PinResult {
        var raw = pagebulk_pin()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.cma_area = Int32(cmaArea)
        raw.count = count
        try ioctl("PIN", UInt(pagebulk_ioc_pin()), &raw)
        return PinResult(pinned: raw.nr_pinned, taken: raw.nr_taken, pinnedBlocks: raw.pinned_blocks)
    }

    /// Hostile-input testing: an ALLOC whose header lies about the ABI
    /// version or whose ioctl number encodes another struct size.
    public func forgedAlloc(_ request: AllocRequest, abiVersion: UInt32? = nil,
                            size: Int? = nil) throws(PagebulkError) {
        var raw = request.raw
        if let abiVersion { raw.abi_version = abiVersion }
        let real = MemoryLayout<pagebulk_alloc>.size
        let length = size ?? real
        var bytes = [UInt8](repeating: 0, count: Swift.max(length, real))
        withUnsafeBytes(of: &raw) { src in bytes.withUnsafeMutableBytes { $0.copyMemory(from: src) } }
        let sizeField = UInt(0x3fff) << 16
        let number = (UInt(pagebulk_ioc_alloc()) & ~sizeField) | (UInt(length & 0x3fff) << 16)
        let fd = descriptor
        try retryingSyscall("ioctl ALLOC(forged)", path) {
            bytes.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.ioctl(fd, number, base)
            }
        }
    }
}
