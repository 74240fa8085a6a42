#if canImport(Glibc)
import Glibc
#endif

/// Run a program and wait for it; the corresponding C functions are
/// `posix_spawn` and `waitpid`. Returns the exit status, or 128 + signal.
enum Spawn {
    static func run(_ argv: [String]) -> Int32 {
        var pid: pid_t = 0
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        let rc = posix_spawn(&pid, argv[0], nil, nil, &cargs, environ)
        guard rc == 0 else { return -rc }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Path of the running executable, for re-running it as another user.
    static func selfPath() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
