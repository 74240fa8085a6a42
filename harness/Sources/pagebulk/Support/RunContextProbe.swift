import PagebulkKit

#if canImport(Glibc)
import Glibc
#endif

/// The kernel, build and guest this run happened on: what the guest knows
/// (/proc) and what the host's runner passed in the environment (vm.sh).
enum RunContextProbe {
    static let environmentKeys = ["PAGEBULK_DEBIAN_VERSION", "PAGEBULK_SERIES", "PAGEBULK_CONFIG",
                                  "PAGEBULK_ACCEL", "PAGEBULK_MEMORY_MIB"]

    static func context(_ info: ModuleInfo) -> RunContext {
        var env: [String: String] = [:]
        for key in environmentKeys {
            if let v = getenv(key) { env[key] = String(cString: v) }
        }
        let cmdline = try? TextFile.read("/proc/cmdline").trimmingSuffix()
        return RunContext(kernelRelease: info.release, environment: env, cmdline: cmdline)
    }
}

extension String {
    func trimmingSuffix() -> String {
        var s = self
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
