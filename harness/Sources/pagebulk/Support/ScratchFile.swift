import PagebulkKit
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// A file of zeros on the guest's scratch disk, written back at once: page
/// cache that spills into CMA pageblocks and is movable without writeback.
/// Written and removed with system calls, not `dd` and `rm` processes.
struct ScratchFile {
    var path: String

    /// Write `mib` MiB of zeros and sync them to disk.
    func fill(mib: UInt64) throws(PagebulkError) {
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        do {
            let fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate],
                                             permissions: [.ownerReadWrite])
            try fd.closeAfter {
                for _ in 0..<mib { _ = try fd.writeAll(chunk) }
            }
        } catch let errno as Errno {
            throw .system(call: "write", path: path, errno: errno)
        } catch {
            throw .system(call: "write", path: path, errno: .ioError)
        }
        sync()
    }

    /// Remove it; already gone is fine.
    func remove() {
        _ = unlink(path)
    }
}
