import PagebulkProc

/// The state that must come back after every test and scenario: free pages,
/// CMA bitmap usage, no isolated pageblocks, no handles held.
public struct Invariants: Codable, Sendable, Equatable {
    public var freePages: Int64
    public var isolatedPageblocks: UInt64
    /// debugfs cma/<name>/used, per area.
    public var cmaUsed: [String: UInt64]
    public var heldHandles: UInt64
    public var heldPages: UInt64

    /// Free pages may drift by this share of the baseline (page cache, pcp).
    public static let freePagesTolerance = 0.005

    public static func capture(_ control: ControlFile) throws(PagebulkError) -> Invariants {
        let info = try control.info()
        let snapshot = try SnapshotSource.live.load()
        var used: [String: UInt64] = [:]
        for area in info.cmaAreas {
            let text = try TextFile.read("/sys/kernel/debug/cma/\(area.name)/used")
            used[area.name] = UInt64(text.filter(\.isNumber))
        }
        let isolated = snapshot.pagetypeinfo.map { pti in
            pti.blockCounts.reduce(UInt64(0)) { sum, row in
                guard let col = pti.migratetypes.firstIndex(of: "Isolate") else { return sum }
                return sum + row.counts[col]
            }
        } ?? 0
        return Invariants(
            freePages: snapshot.vmstat?["nr_free_pages"] ?? 0, isolatedPageblocks: isolated,
            cmaUsed: used, heldHandles: info.heldHandles, heldPages: info.heldPages)
    }

    /// What differs from `baseline`, one sentence each; empty when all hold.
    public func violations(against baseline: Invariants) -> [String] {
        var out: [String] = []
        let slack = Int64(Double(baseline.freePages) * Self.freePagesTolerance)
        if freePages < baseline.freePages - slack {
            out.append("free pages \(freePages), baseline \(baseline.freePages) (more than 0.5% lower)")
        }
        if isolatedPageblocks != 0 { out.append("\(isolatedPageblocks) pageblocks still isolated") }
        for (name, used) in cmaUsed where used != baseline.cmaUsed[name] {
            out.append("CMA \(name) used \(used), baseline \(baseline.cmaUsed[name] ?? 0)")
        }
        if heldHandles != 0 || heldPages != 0 {
            out.append("module still holds \(heldHandles) handles, \(heldPages) pages")
        }
        return out
    }
}
