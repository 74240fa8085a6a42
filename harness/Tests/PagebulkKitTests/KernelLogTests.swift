#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit
import PagebulkProc
import Testing

/// `pagebulk kunit --log`: a saved log is read to its end, /dev/kmsg
/// until it has no more records, without blocking.
@Suite struct KernelLogTests {
    @Test func aSavedLogIsReadWhole() throws {
        let path = "/tmp/pagebulk-kernel-log-\(getpid()).txt"
        let text = "[    1.0] KTAP version 1\n[    1.1] 1..1\n[    1.2] ok 1 a\n"
        try TextFile.write(text, to: path)
        defer { unlink(path) }
        #expect(try KernelLog.read(path) == text)
        #expect(try KTAPLog(parsing: KernelLog.read(path)).cases.map(\.name) == ["a"])
    }

    @Test func aMissingLogIsAnError() {
        #expect(throws: PagebulkError.system(call: "stat", path: "/nonexistent/dmesg", errno: .noSuchFileOrDirectory)) {
            try KernelLog.read("/nonexistent/dmesg")
        }
    }

    /// Where this machine lets us read it: the call returns (a blocking
    /// read would hang the test) with records in /dev/kmsg's format.
    @Test(.enabled(if: access(KernelLog.device, R_OK) == 0))
    func kmsgEndsInsteadOfBlocking() throws {
        let log = try KernelLog.read(KernelLog.device)
        let first = try #require(log.split(separator: "\n").first)
        #expect(first.contains(";") && first.first?.isNumber == true)
    }
}
