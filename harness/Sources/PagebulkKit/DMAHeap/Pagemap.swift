#if canImport(Glibc)
import Glibc
#endif
import PagebulkProc
import SystemPackage

/// /proc/self/pagemap: one 8-byte entry per virtual page of this process.
/// Only a task with CAP_SYS_ADMIN sees frame numbers; others read 0.
public enum Pagemap {
    public static let path = "/proc/self/pagemap"

    /// The entries of `pages` pages from `address` (page aligned).
    public static func entries(address: UInt, pages: Int, pageSize: Int) throws(PagebulkError) -> [PagemapEntry] {
        guard pages > 0 else { return [] }
        // The entry of virtual page i is at byte 8 * i.
        let index = UInt64(address) / UInt64(max(pageSize, 1))
        guard pageSize > 0, address % UInt(pageSize) == 0, index <= UInt64(Int64.max / 8) else {
            throw .system(call: "pread", path: path, errno: .invalidArgument)
        }
        let offset = Int64(index) * 8
        let fd = try TextFile.openForReading(path)
        defer { try? fd.close() }
        var bytes = [UInt8](repeating: 0, count: pages * 8)
        var done = 0
        while done < bytes.count {
            let n: Int
            do {
                n = try bytes.withUnsafeMutableBytes { buffer in
                    try fd.read(fromAbsoluteOffset: offset + Int64(done),
                                into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
                }
            } catch {
                throw .system(call: "pread", path: path, errno: (error as? Errno) ?? .ioError)
            }
            if n == 0 { break }
            done += n
        }
        return PagemapEntry.entries(Array(bytes[..<done]))
    }
}
