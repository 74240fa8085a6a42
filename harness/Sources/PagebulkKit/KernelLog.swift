import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// The kernel log as text, from /dev/kmsg or from a saved copy (dmesg, the
/// console). /dev/kmsg hands out one record per read() and blocks once it
/// has given them all, so it is read non-blocking until EAGAIN.
public enum KernelLog {
    public static let device = "/dev/kmsg"

    /// The whole log at `path`: a character device is read record by
    /// record (`LEVEL,SEQ,USEC,FLAGS;message`, one per line, each maybe
    /// followed by ` KEY=value` lines); anything else to its end.
    public static func read(_ path: String) throws(PagebulkError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .system(call: "stat", path: path, errno: Errno(rawValue: errno))
        }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFCHR) else { return try TextFile.read(path) }
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.nonBlocking, .closeOnExec])
        } catch {
            throw .system(call: "open", path: path, errno: (error as? Errno) ?? .ioError)
        }
        defer { try? fd.close() }
        // A record is at most 8 KiB (CONSOLE_EXT_LOG_MAX); a smaller buffer gets EINVAL.
        var record = [UInt8](repeating: 0, count: 16384)
        var bytes: [UInt8] = []
        while true {
            do {
                let n = try record.withUnsafeMutableBytes { try fd.read(into: $0) }
                if n == 0 { break }
                bytes.append(contentsOf: record[..<n])
            } catch let error as Errno where error == .resourceTemporarilyUnavailable {
                break
            } catch let error as Errno where error == .brokenPipe {
                // Records were overwritten before this reader got to them;
                // the next read resumes at the oldest one kept.
                continue
            } catch {
                throw .system(call: "read", path: path, errno: (error as? Errno) ?? .ioError)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
