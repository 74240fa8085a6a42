/// Facts about the run that the guest cannot know by itself; the host's
/// runner passes them in the environment (scripts/vm.sh).
public struct RunContext: Codable, Sendable, Equatable {
    public var kernelRelease: String
    public var debianVersion: String?
    public var seriesHash: String?
    public var configHash: String?
    public var accel: String?
    public var guestMemoryMiB: Int?
    public var cmdline: String?

    public init(kernelRelease: String, environment: [String: String], cmdline: String?) {
        self.kernelRelease = kernelRelease
        debianVersion = environment["PAGEBULK_DEBIAN_VERSION"]
        seriesHash = environment["PAGEBULK_SERIES"]
        configHash = environment["PAGEBULK_CONFIG"]
        accel = environment["PAGEBULK_ACCEL"]
        guestMemoryMiB = environment["PAGEBULK_MEMORY_MIB"].flatMap { Int($0) }
        self.cmdline = cmdline
    }

    /// Latencies from this run are emulated time unless KVM was used;
    /// under -icount the guest's clock counts executed instructions.
    public var latencyLabel: String {
        switch accel {
        case "kvm"?: "KVM"
        case "tcg-icount"?: "QEMU icount"
        default: "QEMU TCG"
        }
    }

    /// What the module's cycle counter counts: under -icount shift=0 the
    /// guest TSC and clock advance by one per executed instruction.
    public var costUnit: String { accel == "tcg-icount" ? "instructions (QEMU icount)" : "cycles" }
}
