#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import SystemPackage

/// A program run as a child process, the one way the harness starts
/// processes: its stdout read line by line with a timeout (or left as the
/// parent's), and the child killed and reaped. The corresponding C
/// functions are `pipe`, `posix_spawn`, `poll`, `kill` and `waitpid`.
///
/// Noncopyable, so exactly one owner reaps it: a child its owner let go
/// of without reaping is killed and reaped then, within `reapBoundMs`.
/// A reaped child is never signalled or waited for again, since its pid
/// may already be another process's.
public struct ChildProcess: ~Copyable {
    public let pid: pid_t
    /// The read end of the child's stdout; nil when it writes to the parent's.
    private let output: FileDescriptor?
    private var buffered: [UInt8] = []
    /// The exit status, once reaped.
    private var status: Int32?
    private var killed = false
    /// A wait after SIGKILL gave up: the child is stuck in the kernel, and
    /// deinit leaves it rather than wait for it again.
    private var stuck = false

    /// Longest a deinit waits for a killed child to be gone.
    public static let reapBoundMs: UInt64 = 120_000

    /// Start `argv[0]` (a path, not looked up in PATH) with `argv`, with
    /// its stdout a pipe to `readLine` when `captureOutput`.
    public init(_ argv: [String], captureOutput: Bool = true) throws(PagebulkError) {
        guard let program = argv.first else {
            throw .system(call: "posix_spawn", path: "", errno: .invalidArgument)
        }
        // Pipe creation and spawn under one process-wide lock: pipe(2)'s
        // ends are inheritable until FD_CLOEXEC is set, and a process
        // spawned by another thread in between would keep the write end
        // open for its whole life, so the parent would not see end of file.
        // (pipe2(O_CLOEXEC) does both at once, but glibc declares it only
        // under _GNU_SOURCE, which Swift's Glibc module does not import.)
        let spawned = Self.spawnLock.withLock { _ -> Result<(pid_t, FileDescriptor?), PagebulkError> in
            Self.spawn(program, argv, captureOutput: captureOutput)
        }
        let (child, output) = try spawned.get()
        pid = child
        self.output = output
    }

    private static let spawnLock = Mutex<Void>(())

    /// posix_spawn `argv`, its stdout a new pipe when `captureOutput`: the
    /// pid and the pipe's read end.
    private static func spawn(_ program: String, _ argv: [String],
                              captureOutput: Bool) -> Result<(pid_t, FileDescriptor?), PagebulkError> {
        var pipeEnds: (readEnd: FileDescriptor, writeEnd: FileDescriptor)?
        if captureOutput {
            do {
                let ends = try FileDescriptor.pipe()
                pipeEnds = ends
                // The child's dup2 onto its stdout clears the flag there only.
                _ = fcntl(ends.readEnd.rawValue, F_SETFD, FD_CLOEXEC)
                _ = fcntl(ends.writeEnd.rawValue, F_SETFD, FD_CLOEXEC)
            } catch {
                return .failure(.system(call: "pipe", path: program, errno: (error as? Errno) ?? .ioError))
            }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let pipeEnds { posix_spawn_file_actions_adddup2(&actions, pipeEnds.writeEnd.rawValue, 1) }
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, program, &actions, nil, &cargs, environ)
        // Only the child may hold the write end, or the parent never sees end of file.
        try? pipeEnds?.writeEnd.close()
        guard rc == 0 else {
            try? pipeEnds?.readEnd.close()
            return .failure(.system(call: "posix_spawn", path: program, errno: Errno(rawValue: rc)))
        }
        return .success((child, pipeEnds?.readEnd))
    }

    deinit {
        if status == nil && !stuck {
            _ = Glibc.kill(pid, SIGKILL)
            _ = Self.reap(pid, timeoutMs: Self.reapBoundMs)
        }
        try? output?.close()
    }

    /// Run `argv` with the parent's stdout and wait for it: its exit
    /// status, or 128 + the signal that ended it.
    public static func run(_ argv: [String]) throws(PagebulkError) -> Int32 {
        var child = try ChildProcess(argv, captureOutput: false)
        return try child.wait()
    }

    /// The path of the running executable, to run it again as a child
    /// (the victims of the kill checks, the privilege probes).
    public static func ownExecutable() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The next line the child wrote, without its newline; nil at end of
    /// file, after `timeoutMs` without one, or when stdout is not captured.
    public mutating func readLine(timeoutMs: Int32) -> String? {
        guard let output else { return nil }
        let deadline = Self.deadline(afterMs: UInt64(max(0, timeoutMs)))
        while true {
            if let nl = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<nl], as: UTF8.self)
                buffered.removeSubrange(...nl)
                return line
            }
            let now = MonotonicClock.nowNs()
            guard now < deadline else { return nil }
            var p = pollfd(fd: output.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(clamping: (deadline - now) / 1_000_000 + 1))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            guard let n = try? chunk.withUnsafeMutableBytes({ try output.read(into: $0) }), n > 0 else {
                return nil
            }
            buffered += chunk[..<n]
        }
    }

    /// The lines the child writes during the next `ms` milliseconds; fewer
    /// when its stdout ends (it exited) before then.
    public mutating func lines(forMs ms: UInt64) -> [String] {
        let deadline = Self.deadline(afterMs: ms)
        var out: [String] = []
        while true {
            let now = MonotonicClock.nowNs()
            guard now < deadline else { return out }
            // Nothing before the deadline, or end of file: either way
            // there is nothing more to wait for.
            guard let line = readLine(timeoutMs: Int32(clamping: (deadline - now) / 1_000_000)) else { return out }
            out.append(line)
        }
    }

    /// Send `signal`; nothing once the child is reaped.
    public mutating func kill(_ signal: Int32 = SIGKILL) {
        guard status == nil else { return }
        if signal == SIGKILL { killed = true }
        _ = Glibc.kill(pid, signal)
    }

    /// Wait for the child to end: its exit status, or 128 + the signal
    /// that ended it. Once reaped, the same status again.
    public mutating func wait() throws(PagebulkError) -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while true {
            let rc = waitpid(pid, &raw, 0)
            if rc == pid { break }
            if rc < 0 && errno == EINTR { continue }
            throw .system(call: "waitpid", path: "pid \(pid)", errno: Errno(rawValue: errno))
        }
        let ended = Self.exitStatus(raw)
        status = ended
        return ended
    }

    /// Like `wait()`, but gives up after `timeoutMs`: nil then, and the
    /// child is left as it is. A child stuck in a call that ignores
    /// SIGKILL must fail its check, not hang the suite.
    public mutating func wait(timeoutMs: UInt64) -> Int32? {
        if let status { return status }
        status = Self.reap(pid, timeoutMs: timeoutMs)
        if status == nil && killed { stuck = true }
        return status
    }

    /// Poll waitpid() until `pid` ends or `timeoutMs` pass: its status,
    /// nil after the timeout or when it cannot be waited for.
    private static func reap(_ pid: pid_t, timeoutMs: UInt64) -> Int32? {
        let deadline = Self.deadline(afterMs: timeoutMs)
        var raw: Int32 = 0
        while true {
            let rc = waitpid(pid, &raw, WNOHANG)
            if rc == pid { return exitStatus(raw) }
            if rc < 0 && errno != EINTR { return nil }
            if MonotonicClock.nowNs() >= deadline { return nil }
            // The exit times measured through this are in milliseconds.
            usleep(1000)
        }
    }

    /// The monotonic time `ms` from now, held at the end of time.
    private static func deadline(afterMs ms: UInt64) -> UInt64 {
        let (ns, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
        return MonotonicClock.nowNs().saturatingAdd(overflow ? .max : ns)
    }

    /// waitpid()'s status as a shell reports it: the exit status, or
    /// 128 + the signal that ended the process.
    public static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
