#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit
import Testing

/// The harness's one child-process type, as the kill checks use it: lines
/// read with a timeout, SIGKILL, reaping within a bound, exit times in ms.
/// Results of the noncopyable child's calls are taken before #expect, so
/// that the macro never has to capture the child.
@Suite struct ChildProcessTests {
    @Test func aLineThenAKillThenTheSignalStatus() throws {
        var child = try ChildProcess(["/bin/sh", "-c", "echo a; sleep 5"])
        let line = child.readLine(timeoutMs: 10_000)
        #expect(line == "a")
        // The shell sleeps: no second line within the timeout.
        let start = MonotonicClock.nowNs()
        let none = child.readLine(timeoutMs: 200)
        let waitedMs = (MonotonicClock.nowNs() &- start) / 1_000_000
        #expect(none == nil && waitedMs >= 150 && waitedMs < 4_000)
        child.kill()
        let status = try child.wait()
        #expect(status == 128 + SIGKILL)
    }

    @Test func aChildThatWillNotDieInTimeIsReportedNotWaitedFor() throws {
        var child = try ChildProcess(["/bin/sh", "-c", "echo one; echo two; exec sleep 30"])
        let lines = child.lines(forMs: 2000)
        #expect(lines.prefix(2) == ["one", "two"])
        let start = MonotonicClock.nowNs()
        let early = child.wait(timeoutMs: 100)
        #expect(early == nil)
        #expect(MonotonicClock.nowNs() - start < 5_000_000_000)
        child.kill()
        let killed = child.wait(timeoutMs: 10_000)
        #expect(killed == 128 + SIGKILL)
        // Reaped: the status is kept, and the pid (maybe another
        // process's by now) is neither signalled nor waited for again.
        child.kill()
        let again = child.wait(timeoutMs: 100)
        #expect(again == 128 + SIGKILL)
    }

    @Test func linesStopAtEndOfFile() throws {
        var child = try ChildProcess(["/bin/sh", "-c", "echo only; exit 3"])
        let start = MonotonicClock.nowNs()
        let lines = child.lines(forMs: 20_000)
        #expect(lines == ["only"])
        #expect(MonotonicClock.nowNs() - start < 10_000_000_000)
        let status = child.wait(timeoutMs: 10_000)
        #expect(status == 3)
    }

    /// A child let go of unreaped is killed and reaped by its deinit: no
    /// zombie stays behind (the pid can no longer be waited for).
    @Test func aChildLetGoIsKilledAndReaped() throws {
        var pid: pid_t = 0
        do {
            let child = try ChildProcess(["/bin/sh", "-c", "exec sleep 30"])
            pid = child.pid
        }
        var raw: Int32 = 0
        let rc = waitpid(pid, &raw, WNOHANG)
        let err = errno
        #expect(rc == -1 && err == ECHILD)
    }

    @Test func runWaitsAndGivesTheExitStatus() throws {
        #expect(try ChildProcess.run(["/bin/sh", "-c", "exit 7"]) == 7)
        #expect(try ChildProcess.run(["/bin/sh", "-c", "kill -9 $$"]) == 128 + SIGKILL)
        #expect(throws: PagebulkError.system(call: "posix_spawn", path: "/nonexistent/program",
                                             errno: .noSuchFileOrDirectory)) {
            _ = try ChildProcess.run(["/nonexistent/program"])
        }
        #expect(throws: PagebulkError.system(call: "posix_spawn", path: "", errno: .invalidArgument)) {
            _ = try ChildProcess.run([])
        }
    }

    @Test func statusesAsAShellReportsThem() {
        #expect(ChildProcess.exitStatus(3 << 8) == 3)
        #expect(ChildProcess.exitStatus(SIGKILL) == 128 + SIGKILL)
        #expect(ChildProcess.exitStatus(0) == 0)
    }

    @Test func ownExecutableIsAnAbsolutePath() throws {
        let me = try #require(ChildProcess.ownExecutable())
        #expect(me.hasPrefix("/"))
        #expect(try TextFile.exists(me))
    }
}
