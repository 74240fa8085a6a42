#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// Run a call that returns -1 and sets errno, retrying on EINTR; name the
/// call and its object in the error, as swift-nio's `syscall` helper does.
@discardableResult
func retryingSyscall(
    _ call: String, _ path: String, _ body: () -> CInt
) throws(PagebulkError) -> CInt {
    while true {
        let rc = body()
        if rc >= 0 { return rc }
        let err = Errno(rawValue: errno)
        if err == .interrupted { continue }
        throw .system(call: call, path: path, errno: err)
    }
}
