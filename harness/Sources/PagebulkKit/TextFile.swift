import SystemPackage

/// Whole-file reads and writes of small text files (procfs, debugfs,
/// results). seq_file may return short reads: read until 0.
public enum TextFile {
    /// Open `path` read-only and close-on-exec, the open's errno typed.
    static func openForReading(_ path: String) throws(PagebulkError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        } catch {
            throw .system(call: "open", path: path, errno: (error as? Errno) ?? .ioError)
        }
    }

    public static func read(_ path: String) throws(PagebulkError) -> String {
        let fd = try openForReading(path)
        defer { try? fd.close() }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n: Int
            do {
                n = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
            } catch {
                throw .system(call: "read", path: path, errno: (error as? Errno) ?? .ioError)
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func write(_ text: String, to path: String) throws(PagebulkError) {
        do {
            let fd = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .truncate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try fd.closeAfter { _ = try fd.writeAll(Array(text.utf8)) }
        } catch {
            throw .system(call: "write", path: path, errno: (error as? Errno) ?? .ioError)
        }
    }

    /// Whether anything is at `path`; the corresponding C function is
    /// `stat`, which needs search permission on the directories above it
    /// and none on the file itself: a root-only file exists for everyone.
    /// Only ENOENT and ENOTDIR (a component is missing, or is not a
    /// directory) mean no. Any other errno, EACCES on a directory above
    /// it first, is an error: the answer is not known, and reading it as
    /// "missing" would say "module not loaded" to a caller without rights.
    public static func exists(_ path: String) throws(PagebulkError) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return true }
        let err = Errno(rawValue: errno)
        if err == .noSuchFileOrDirectory || err == .notDirectory { return false }
        throw .system(call: "stat", path: path, errno: err)
    }

    /// The names in a directory, without . and ..; the corresponding C
    /// functions are `opendir` and `readdir`.
    public static func list(_ path: String) throws(PagebulkError) -> [String] {
        guard let dir = opendir(path) else {
            throw .system(call: "opendir", path: path, errno: Errno(rawValue: errno))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// mkdir -p. The corresponding C function is `mkdir`.
    public static func makeDirectory(_ path: String) throws(PagebulkError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw .system(call: "mkdir", path: built, errno: Errno(rawValue: errno))
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
