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

    /// The reader's position logic on a regular file: from the end it
    /// gives only what was appended after it opened, each read what came
    /// since the one before; from the oldest record it gives everything.
    @Test func fromTheEndOnlyWhatCameAfter() throws {
        let path = "/tmp/pagebulk-kernel-log-tail-\(getpid()).txt"
        try TextFile.write("old refusal\n", to: path)
        defer { unlink(path) }
        let tail = try KernelLog.Reader(path, from: .end)
        // Read into locals: #expect does not take noncopyable operands.
        let first = try tail.readAvailable()
        #expect(first == "")
        try append("pagebulk: Unknown symbol a (err -2)\n", to: path)
        let refusal = try tail.readAvailable()
        #expect(refusal == "pagebulk: Unknown symbol a (err -2)\n")
        let nothing = try tail.readAvailable()
        #expect(nothing == "")
        try append("later\n", to: path)
        let later = try tail.readAvailable()
        #expect(later == "later\n")
        let whole = try KernelLog.Reader(path, from: .oldest).readAvailable()
        #expect(whole == "old refusal\npagebulk: Unknown symbol a (err -2)\nlater\n")
        #expect(KernelModule.unknownSymbols(in: refusal, module: "pagebulk") == ["a"])
    }

    @Test func aMissingLogCannotBeTailed() {
        #expect(throws: PagebulkError.system(call: "open", path: "/nonexistent/kmsg", errno: .noSuchFileOrDirectory)) {
            _ = try KernelLog.Reader("/nonexistent/kmsg", from: .end)
        }
    }

    /// On /dev/kmsg itself, where this machine lets us write it (root):
    /// a record logged before the reader opened at the end is not read,
    /// one logged after is.
    @Test(.enabled(if: access(KernelLog.device, R_OK | W_OK) == 0))
    func kmsgFromTheEndSkipsEarlierRecords() throws {
        let before = "pagebulk-test \(getpid()): before the reader"
        let after = "pagebulk-test \(getpid()): after the reader"
        try append(before + "\n", to: KernelLog.device)
        let tail = try KernelLog.Reader(KernelLog.device, from: .end)
        try append(after + "\n", to: KernelLog.device)
        let log = try tail.readAvailable()
        #expect(log.contains(after))
        #expect(!log.contains(before))
    }

    private func append(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, text.utf8.count) }
        try #require(written == text.utf8.count)
    }
}
