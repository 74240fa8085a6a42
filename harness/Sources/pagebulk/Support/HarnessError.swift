import PagebulkReport

/// Why a command could not do its work once its arguments were accepted.
/// Bad arguments are argument-parser's `ValidationError`s, thrown from
/// `validate()`, which print the usage; these print only their description.
enum HarnessError: Error, Equatable, CustomStringConvertible {
    /// The booted kernel has no CMA area of that name; `have` lists those it has.
    case noCMAArea(String, have: [String])
    /// A helper program failed: what it was to do, and its exit status.
    case commandFailed(String, status: Int32)
    /// A document of another scenario where one of this was needed.
    case notA(scenario: Scenario, String)
    /// A results run holds no scenario document.
    case noScenarioResults(String)
    case noScenarioInCommon
    /// The snapshot lacks pagetypeinfo (root-only when live).
    case noPagetypeinfo
    /// The snapshot's zoneinfo names no populated zone with a pfn span.
    case noDriverZone
    /// A line of `pagebulk session` input that is not a command.
    case badSessionCommand(String)
    /// The kernel or module reported numbers that cannot both be true.
    case inconsistentCounts(String)
    /// The loaded module does not offer a method; `have` lists those it does.
    case methodNotOffered(String, have: [String])

    var description: String {
        switch self {
        case let .noCMAArea(name, have):
            have.isEmpty ? "no CMA area '\(name)': boot with cma="
                : "no CMA area '\(name)'; have: \(have.joined(separator: ", "))"
        case let .commandFailed(what, status):
            "could not \(what) (exit status \(status))"
        case let .notA(scenario, path):
            "\(path): not a \(scenario.rawValue) document"
        case let .noScenarioResults(path):
            "\(path): no scenario results"
        case .noScenarioInCommon:
            "the two runs have no scenario in common"
        case .noPagetypeinfo:
            "no pagetypeinfo in this snapshot (it is root-only)"
        case .noDriverZone:
            "no populated zone with start_pfn and spanned in /proc/zoneinfo"
        case let .badSessionCommand(usage):
            usage
        case let .inconsistentCounts(what):
            "inconsistent counts from the kernel: \(what)"
        case let .methodNotOffered(method, have):
            "the module does not offer \(method) on this kernel; it offers: "
                + (have.isEmpty ? "nothing" : have.joined(separator: ", "))
        }
    }
}
