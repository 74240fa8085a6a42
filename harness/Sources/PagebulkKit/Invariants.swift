import PagebulkProc

#if canImport(Glibc)
import Glibc
#endif

/// The state that must come back after every test and scenario: free pages,
/// CMA bitmap usage, no isolated pageblocks, no handles held.
public struct Invariants: Codable, Sendable, Equatable {
    /// nr_free_pages plus the pages on every per-cpu list.
    public var freePages: Int64
    public var isolatedPageblocks: UInt64
    /// debugfs cma/<name>/used, per area.
    public var cmaUsed: [String: UInt64]
    public var heldHandles: UInt64
    public var heldPages: UInt64
    /// Bytes live at the module's allocation call sites, from
    /// /proc/allocinfo; nil without CONFIG_MEM_ALLOC_PROFILING.
    public var moduleAllocBytes: Int64?

    /// Free pages may drift by this share of the baseline (page cache, pcp).
    /// A kernel with allocation profiling is the debug variant: KASAN's
    /// quarantine and the stack depot keep pages that come back late or
    /// never, so there free pages get a wider margin and /proc/allocinfo
    /// is the exact leak check.
    public var freePagesTolerance: Double { moduleAllocBytes == nil ? 0.005 : 0.03 }

    /// Capture the state. Clean page cache and slab are dropped first
    /// (`sync; echo 3 > drop_caches`), so that what a load left in caches
    /// does not read as pages the allocator lost.
    public static func capture(_ control: borrowing ControlFile) throws(PagebulkError) -> Invariants {
        try dropCaches()
        return try capture(info: control.info())
    }

    /// The same without a control file (the module is not loaded): the
    /// module's counts are zero and the CMA areas are those debugfs lists.
    public static func capture() throws(PagebulkError) -> Invariants {
        try dropCaches()
        return try capture(info: nil)
    }

    private static func capture(info: ModuleInfo?) throws(PagebulkError) -> Invariants {
        let areas: [String]
        if let info {
            areas = info.cmaAreas.map(\.name)
        } else {
            areas = try TextFile.list("/sys/kernel/debug/cma")
        }
        let snapshot = try SnapshotSource.live.load()
        var used: [String: UInt64] = [:]
        for name in areas {
            let text = try TextFile.read("/sys/kernel/debug/cma/\(name)/used")
            used[name] = UInt64(text.filter(\.isNumber))
        }
        let isolated = snapshot.pagetypeinfo.map { pti in
            pti.blockCounts.reduce(UInt64(0)) { sum, row in
                guard let col = pti.migratetypes.firstIndex(of: "Isolate") else { return sum }
                return sum + row.counts[col]
            }
        } ?? 0
        // Pages on the per-cpu lists are free but not in nr_free_pages; the
        // lists hold thousands of pages, more than the 0.5 % tolerance.
        let perCPU = snapshot.zoneinfo?.zones.reduce(Int64(0)) { sum, zone in
            sum + zone.pagesets.reduce(0) { $0 + $1.count }
        } ?? 0
        let allocinfo = try? AllocInfo(parsing: TextFile.read("/proc/allocinfo"))
        return Invariants(
            freePages: (snapshot.vmstat?["nr_free_pages"] ?? 0) + perCPU, isolatedPageblocks: isolated,
            cmaUsed: used, heldHandles: info?.heldHandles ?? 0, heldPages: info?.heldPages ?? 0,
            moduleAllocBytes: allocinfo?.bytes(module: "pagebulk"))
    }

    /// Write back and drop clean page cache and slab: `sync; echo 3 > drop_caches`.
    public static func dropCaches() throws(PagebulkError) {
        sync()
        try TextFile.write("3\n", to: "/proc/sys/vm/drop_caches")
    }

    /// What differs from `baseline`, one sentence each; empty when all hold.
    public func violations(against baseline: Invariants) -> [String] {
        var out: [String] = []
        let tolerance = baseline.freePagesTolerance
        let slack = Int64(Double(baseline.freePages) * tolerance)
        if freePages < baseline.freePages - slack {
            out.append("free pages \(freePages), baseline \(baseline.freePages) "
                       + "(more than \(fixed(tolerance * 100, 1))% lower)")
        }
        if let now = moduleAllocBytes, let then = baseline.moduleAllocBytes, now > then {
            out.append("/proc/allocinfo: the module's call sites hold \(now) bytes, baseline \(then)")
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

/// A scenario or test left the allocator in another state than it found it.
public struct InvariantViolation: Error, CustomStringConvertible {
    public var broken: [String]

    public init(broken: [String]) {
        self.broken = broken
    }

    public var description: String { "invariants broken: " + broken.joined(separator: "; ") }
}

extension Invariants {
    /// Throw when `now` differs from `baseline`.
    public func check(against baseline: Invariants) throws(InvariantViolation) {
        let broken = violations(against: baseline)
        if !broken.isEmpty { throw InvariantViolation(broken: broken) }
    }
}
