#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit

/// A child process whose stdout the parent reads line by line, and which
/// the parent may kill; the corresponding C functions are `posix_spawn`,
/// `poll`, `kill` and `waitpid`.
final class ChildProcess {
    let pid: pid_t
    private let output: Int32
    private var buffered: [UInt8] = []

    init(_ argv: [String]) throws(PagebulkError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw .system(call: "pipe", path: argv[0], errno: .init(rawValue: errno))
        }
        // Only the child's stdout may hold the write end, or the parent
        // never sees end of file.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, argv[0], &actions, nil, &cargs, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw .system(call: "posix_spawn", path: argv[0], errno: .init(rawValue: rc))
        }
        pid = child
        output = fds[0]
    }

    deinit {
        close(output)
    }

    /// The next line the child wrote, nil at end of file or after
    /// `timeoutMs` without one.
    func readLine(timeoutMs: Int32) -> String? {
        let deadline = MonotonicClock.nowNs() + UInt64(timeoutMs) * 1_000_000
        while true {
            if let nl = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<nl], as: UTF8.self)
                buffered.removeSubrange(...nl)
                return line
            }
            let now = MonotonicClock.nowNs()
            guard now < deadline else { return nil }
            var p = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32((deadline - now) / 1_000_000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(output, &chunk, chunk.count)
            guard n > 0 else { return nil }
            buffered += chunk[..<n]
        }
    }

    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
    }

    /// Wait for the child to end: its exit status, or 128 + signal.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Self.exitStatus(status)
    }

    /// Like `wait()`, but gives up after `timeoutMs`: nil then, and the
    /// child is left as it is. A child stuck in a call that ignores
    /// SIGKILL must fail its check, not hang the suite.
    func wait(timeoutMs: UInt64) -> Int32? {
        let deadline = MonotonicClock.deadline(after: Double(timeoutMs) / 1000, from: MonotonicClock.nowNs())
        var status: Int32 = 0
        while true {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid { return Self.exitStatus(status) }
            if rc < 0 && errno != EINTR { return nil }
            if MonotonicClock.nowNs() >= deadline { return nil }
            // The exit times measured through this are in milliseconds.
            usleep(1000)
        }
    }

    /// The lines the child writes during the next `ms` milliseconds; fewer
    /// when its stdout ends (it exited) before then.
    func lines(forMs ms: UInt64) -> [String] {
        let deadline = MonotonicClock.deadline(after: Double(ms) / 1000, from: MonotonicClock.nowNs())
        var out: [String] = []
        while true {
            let now = MonotonicClock.nowNs()
            guard now < deadline else { return out }
            let left = Int32(clamping: (deadline - now) / 1_000_000)
            guard let line = readLine(timeoutMs: left) else {
                // Nothing before the deadline, or end of file: either way
                // there is nothing more to wait for.
                return out
            }
            out.append(line)
        }
    }

    /// waitpid()'s status as a shell reports it: the exit status, or
    /// 128 + the signal that ended the process.
    static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
