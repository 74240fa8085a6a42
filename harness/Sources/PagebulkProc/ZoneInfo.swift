/// `/proc/zoneinfo`: per-zone watermarks, counters and per-cpu page lists
/// (mm/vmstat.c `zoneinfo_show_print()`).
///
/// Each zone starts with `Node %d, zone %8s`; `key value` lines follow
/// (`pages free`, `min`, `low`, `high`, `spanned`, `present`, `managed`,
/// `nr_*`), then `pagesets` with `cpu: N` blocks of `count`, `high`,
/// `batch`, and `start_pfn:`. Node-level `per-node stats` lines are kept with
/// the zone they are printed under.
public struct ZoneInfo: Equatable, Sendable, Codable {
    public struct PerCPUPages: Equatable, Sendable, Codable {
        public var cpu: Int
        public var count: Int64
        public var high: Int64
        public var batch: Int64
    }

    public struct Zone: Equatable, Sendable, Codable {
        public var node: Int
        public var name: String
        /// Single-value lines; `pages free` is stored as `free`.
        public var values: [String: Int64]
        public var pagesets: [PerCPUPages]

        public var free: Int64? { values["free"] }
        public var min: Int64? { values["min"] }
        public var low: Int64? { values["low"] }
        public var high: Int64? { values["high"] }
        public var managed: Int64? { values["managed"] }
        public var startPFN: Int64? { values["start_pfn"] }
    }

    public var zones: [Zone]

    public init(parsing text: String) throws(ProcParseError) {
        func fail(_ line: Int, _ reason: String) -> ProcParseError {
            ProcParseError(file: "zoneinfo", line: line, reason: reason)
        }
        var zones: [Zone] = []
        var cpu: PerCPUPages? = nil

        func flushCPU() {
            if let c = cpu, !zones.isEmpty { zones[zones.count - 1].pagesets.append(c) }
            cpu = nil
        }

        for (number, line) in numberedLines(text) {
            if line.hasPrefix("Node") {
                guard let prefix = ZonePrefix(line + " x") else { throw fail(number, "bad zone header") }
                flushCPU()
                zones.append(Zone(node: prefix.node, name: prefix.zone, values: [:], pagesets: []))
                continue
            }
            var f = line.split(separator: " ").map { $0.hasSuffix(":") ? $0.dropLast() : $0 }
            if f.isEmpty { continue }
            guard !zones.isEmpty else { throw fail(number, "line before the first zone") }
            if f.first == "pages", f.count == 3, f[1] == "free" { f = ["free", f[2]] }
            let key = String(f[0])
            if key == "cpu" {
                flushCPU()
                guard f.count == 2, let n = Int(f[1]) else { throw fail(number, "bad cpu line") }
                cpu = PerCPUPages(cpu: n, count: 0, high: 0, batch: 0)
                continue
            }
            // These follow the last cpu block of a zone.
            if key == "vm" || key == "node_unreclaimable" || key == "start_pfn" { flushCPU() }
            guard f.count == 2, let value = Int64(f[1]) else { continue }
            if cpu != nil {
                switch key {
                case "count": cpu?.count = value
                case "high": cpu?.high = value
                case "batch": cpu?.batch = value
                default: break
                }
                continue
            }
            zones[zones.count - 1].values[key] = value
        }
        flushCPU()
        guard !zones.isEmpty else { throw fail(0, "no zones") }
        self.zones = zones
    }

    public func zone(node: Int = 0, named name: String) -> Zone? {
        zones.first { $0.node == node && $0.name == name }
    }
}

extension ZoneInfo {
    /// The zone a GFP_KERNEL allocation is served from in a one-node
    /// guest: the populated zone other than Movable with the most managed
    /// pages (DMA32 below 4 GiB, Normal above).
    public var kernelZone: Zone? {
        zones.filter { ($0.managed ?? 0) > 0 && $0.name != "Movable" }
            .max { ($0.managed ?? 0) < ($1.managed ?? 0) }
    }
}

extension ZoneInfo.Zone {
    /// `[start_pfn, start_pfn + spanned)`, nil when either is missing or
    /// the sum does not fit.
    public var pfnSpan: Range<UInt64>? {
        guard let start = startPFN, let spanned = values["spanned"], start >= 0, spanned > 0 else { return nil }
        let (end, overflow) = UInt64(start).addingReportingOverflow(UInt64(spanned))
        return overflow ? nil : UInt64(start)..<end
    }
}
