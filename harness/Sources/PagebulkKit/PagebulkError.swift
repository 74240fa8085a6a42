import PagebulkProc
import SystemPackage

/// Everything the harness can fail with when it talks to the system.
public enum PagebulkError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: which one, on what, and errno.
    case system(call: String, path: String, errno: Errno)
    /// The module answered with another uapi/pagebulk.h version.
    case abiMismatch(module: UInt32, harness: UInt32)
    /// /sys/kernel/debug/pagebulk/control is not there.
    case notLoaded
    /// The kernel or module did not support what was asked.
    case unsupported(String)
    /// The kernel refused the module: it lacks these symbols.
    case missingSymbols(module: String, symbols: [String])
    case parse(ProcParseError)

    public var description: String {
        switch self {
        case let .system(call, path, errno):
            let hint: String
            switch errno {
            case .permissionDenied, .notPermitted: hint = " (needs root with CAP_SYS_ADMIN)"
            case .noSuchFileOrDirectory where call == "insert":
                hint = " (the module needs symbols this kernel does not export: boot the pagebulk kernel, or build the module against this kernel's headers)"
            case .execFormatError where call == "insert": hint = " (module built for another kernel)"
            case .protocolError: hint = " (uapi/pagebulk.h version differs from the module's)"
            default: hint = ""
            }
            return "\(call) \(path): \(errno)\(hint)"
        case let .abiMismatch(module, harness):
            return "module speaks pagebulk ABI \(module), harness \(harness): rebuild one of them"
        case .notLoaded:
            return "pagebulk module not loaded: /sys/kernel/debug/pagebulk/control missing (pass --module PATH)"
        case let .unsupported(what):
            return "not supported here: \(what)"
        case let .missingSymbols(module, symbols):
            return "the running kernel refused \(module): it does not export "
                + symbols.joined(separator: ", ")
                + ". The module was built against a kernel with the pagebulk series; this one lacks it."
                + " Boot the patched kernel, or build the module against this kernel"
                + " (scripts/module.sh stock) to get the methods it has."
        case let .parse(error):
            return error.description
        }
    }
}
