#if canImport(Glibc)
import Glibc
#endif

/// Progress lines go to standard error so that standard output stays the
/// report (or JSON).
enum Progress {
    static func line(_ text: String) {
        var out = "  .. " + text + "\n"
        out.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
