#if canImport(Glibc)
import Glibc
#endif
import CPagebulk
import SystemPackage

/// The module's control file, `/sys/kernel/debug/pagebulk/control`.
///
/// Handles belong to the open file: closing it frees every allocation still
/// held, so a crashed harness leaks nothing. Noncopyable, so that one owner
/// closes it, once: at the end of the owner's scope (deinit) or at an
/// explicit `close()`. Code that only makes requests borrows it.
public struct ControlFile: ControlRequests, ~Copyable, Sendable {
    public static let defaultPath = "/sys/kernel/debug/pagebulk/control"

    public let path: String
    public let descriptor: FileDescriptor

    private init(path: String, descriptor: FileDescriptor) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Open the control file. The corresponding C function is `open`.
    public static func open(_ path: String = defaultPath) throws(PagebulkError) -> ControlFile {
        do {
            let fd = try FileDescriptor.open(FilePath(path), .readWrite, options: .closeOnExec)
            return ControlFile(path: path, descriptor: fd)
        } catch let errno as Errno {
            if errno == .noSuchFileOrDirectory { throw .notLoaded }
            throw .system(call: "open", path: path, errno: errno)
        } catch {
            throw .system(call: "open", path: path, errno: .ioError)
        }
    }

    deinit {
        // close(2) on debugfs fails only for a bad descriptor; there is
        // nobody left to tell.
        try? descriptor.close()
    }

    /// Close the file now, which frees everything its handles still hold.
    /// Consuming: the file's end is its deinit, and nothing can use it after.
    public consuming func close() {}

    /// The open file as a Sendable value that threads can share: the race
    /// threads make their requests on one file, so that its FREEs, VERIFYs
    /// and PINs race each other. The view is this file's descriptor,
    /// lent: it is valid only while `body` runs, so `body` must join every
    /// thread it hands it to before it returns (`RaceThreads.run` does).
    public borrowing func withShared<R, E: Error>(_ body: (Shared) throws(E) -> R) throws(E) -> R {
        try body(Shared(path: path, descriptor: descriptor))
    }

    /// A `ControlFile` lent to threads by `withShared`; it owns nothing
    /// and never closes the descriptor.
    public struct Shared: ControlRequests, Sendable {
        public let path: String
        public let descriptor: FileDescriptor

        fileprivate init(path: String, descriptor: FileDescriptor) {
            self.path = path
            self.descriptor = descriptor
        }
    }
}

/// The module's requests, on an open control file: the owner (`ControlFile`)
/// and the view of it that threads share (`ControlFile.Shared`) answer
/// the same ones, written once here.
public protocol ControlRequests: ~Copyable {
    /// Where the file was opened, for error messages.
    var path: String { get }
    /// The open descriptor the requests go to. The owner closes it, nobody else.
    var descriptor: FileDescriptor { get }
}

extension ControlRequests where Self: ~Copyable {
    /// One request with its own struct: the request's type says which.
    func ioctl<Payload>(_ request: IoctlRequest<Payload>, _ payload: inout Payload) throws(PagebulkError) {
        let fd = descriptor.rawValue
        try retryingSyscall("ioctl \(request.name)", path) {
            withUnsafeMutablePointer(to: &payload) { Glibc.ioctl(fd, request.number, UnsafeMutableRawPointer($0)) }
        }
    }

    /// A forged request: raw bytes under a number that may say another size.
    func ioctl(_ request: IoctlRequest<ForgedPayload>, bytes: inout [UInt8]) throws(PagebulkError) {
        let fd = descriptor.rawValue
        try retryingSyscall("ioctl \(request.name)", path) {
            bytes.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return -1 }
                return Glibc.ioctl(fd, request.number, base)
            }
        }
    }

    public func info() throws(PagebulkError) -> ModuleInfo {
        var raw = pagebulk_info()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        try ioctl(.info, &raw)
        guard raw.abi_version == UInt32(PAGEBULK_ABI_VERSION) else {
            throw .abiMismatch(module: raw.abi_version, harness: UInt32(PAGEBULK_ABI_VERSION))
        }
        return ModuleInfo(raw)
    }

    public func alloc(_ request: AllocRequest) throws(PagebulkError) -> AllocResult {
        try alloc(raw: request.raw)
    }

    /// An ALLOC exactly as given, fields unchecked: for hostile-input tests.
    public func alloc(raw: pagebulk_alloc) throws(PagebulkError) -> AllocResult {
        var raw = raw
        try ioctl(.alloc, &raw)
        return AllocResult(raw)
    }

    public func free(handle: UInt64) throws(PagebulkError) -> FreeResult {
        var raw = pagebulk_free()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.handle = handle
        try ioctl(.free, &raw)
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
        try ioctl(.verify, &raw)
        return VerifyResult(raw)
    }

    /// Hold references on `count` in-use pages spread evenly over a CMA area
    /// (migrating them then fails); `count` 0 drops them. Closing the file
    /// drops them too.
    public func pin(cmaArea: Int, count: UInt64) throws(PagebulkError) -> PinResult {
        try pin(PinRequest(cmaArea: cmaArea, count: count)).result
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
        try ioctl(IoctlRequest<pagebulk_alloc>.alloc.forged(size: length), bytes: &bytes)
    }
}

