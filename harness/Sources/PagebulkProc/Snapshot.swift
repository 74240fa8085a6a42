/// One capture of the allocator's state: the files `pagebulk snapshot`
/// writes, named as under /proc (and `extfrag/` as under debugfs).
public struct Snapshot: Equatable, Sendable, Codable {
    /// Paths relative to a snapshot directory, and where they live on a system.
    public enum File: String, CaseIterable, Sendable {
        case buddyinfo, pagetypeinfo, vmstat, zoneinfo
        case unusableIndex = "extfrag/unusable_index"
        case extfragIndex = "extfrag/extfrag_index"

        public var livePath: String {
            switch self {
            case .buddyinfo, .pagetypeinfo, .vmstat, .zoneinfo: "/proc/\(rawValue)"
            case .unusableIndex, .extfragIndex: "/sys/kernel/debug/\(rawValue)"
            }
        }

        /// pagetypeinfo is root-only and extfrag needs debugfs: a snapshot
        /// without them is still a snapshot.
        public var isOptional: Bool { self != .buddyinfo }
    }

    public var buddyinfo: BuddyInfo
    public var pagetypeinfo: PageTypeInfo?
    public var vmstat: VMStat?
    public var zoneinfo: ZoneInfo?
    public var unusableIndex: FragmentationTable?
    public var extfragIndex: FragmentationTable?

    /// Parse the texts read by a caller; missing optional files are nil.
    public init(texts: [File: String]) throws(ProcParseError) {
        guard let buddy = texts[.buddyinfo] else {
            throw ProcParseError(file: "buddyinfo", line: 0, reason: "missing")
        }
        buddyinfo = try BuddyInfo(parsing: buddy)
        pagetypeinfo = try texts[.pagetypeinfo].map { text throws(ProcParseError) in try PageTypeInfo(parsing: text) }
        vmstat = try texts[.vmstat].map { text throws(ProcParseError) in try VMStat(parsing: text) }
        zoneinfo = try texts[.zoneinfo].map { text throws(ProcParseError) in try ZoneInfo(parsing: text) }
        unusableIndex = try texts[.unusableIndex].map { text throws(ProcParseError) in
            try FragmentationTable(parsing: text, file: File.unusableIndex.rawValue)
        }
        extfragIndex = try texts[.extfragIndex].map { text throws(ProcParseError) in
            try FragmentationTable(parsing: text, file: File.extfragIndex.rawValue)
        }
    }
}
