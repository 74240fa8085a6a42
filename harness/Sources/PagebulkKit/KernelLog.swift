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
        return try Reader(path, from: .oldest).readAvailable()
    }

    /// An open kernel log that is read from a chosen record on, each read
    /// giving what was logged since the last one.
    ///
    /// From `.end`, /dev/kmsg is positioned after its last record
    /// (`lseek(fd, 0, SEEK_END)`, Documentation/ABI/testing/dev-kmsg), so
    /// the reader sees only the records logged after it was opened: open
    /// it before inserting a module, and a refusal's log lines are that
    /// attempt's, not an earlier one's still in the buffer. A regular file
    /// behaves the same (its end, then what is appended), which is how the
    /// position logic is tested without rights over /dev/kmsg.
    public struct Reader: ~Copyable {
        /// Where reading starts.
        public enum Start: Sendable {
            /// The oldest record the buffer still holds (a file's start).
            case oldest
            /// After the last record logged so far (a file's end).
            case end
        }

        public let path: String
        private let descriptor: FileDescriptor

        /// Open the log at `path`; the corresponding C functions are
        /// `open` and `lseek`.
        public init(_ path: String = KernelLog.device, from start: Start) throws(PagebulkError) {
            let fd: FileDescriptor
            do {
                fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.nonBlocking, .closeOnExec])
            } catch {
                throw .system(call: "open", path: path, errno: (error as? Errno) ?? .ioError)
            }
            if start == .end {
                do {
                    _ = try fd.seek(offset: 0, from: .end)
                } catch {
                    try? fd.close()
                    throw .system(call: "lseek", path: path, errno: (error as? Errno) ?? .ioError)
                }
            }
            // Last, so that a failure above leaves no value whose deinit would close fd again.
            self.path = path
            descriptor = fd
        }

        deinit {
            try? descriptor.close()
        }

        /// The records logged since the last read (or since the start),
        /// until there is none left: EAGAIN from /dev/kmsg, end of file
        /// from a regular file. Never blocks.
        public func readAvailable() throws(PagebulkError) -> String {
            // A record is at most 8 KiB (CONSOLE_EXT_LOG_MAX); a smaller buffer gets EINVAL.
            var record = [UInt8](repeating: 0, count: 16384)
            var bytes: [UInt8] = []
            let fd = descriptor
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
}
