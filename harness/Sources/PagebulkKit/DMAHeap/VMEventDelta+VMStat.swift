import CPagebulk
import PagebulkProc

extension VMEventDelta {
    /// The events the module counts across an ALLOC, here from two
    /// /proc/vmstat readings around a call made elsewhere (a heap's ioctl):
    /// system-wide, like the module's. A counter that went backwards or
    /// is missing reads 0.
    public init(from before: VMStat, to after: VMStat) {
        func delta(_ name: String) -> UInt64 {
            let (d, overflow) = (after[name] ?? 0).subtractingReportingOverflow(before[name] ?? 0)
            return overflow || d < 0 ? 0 : UInt64(d)
        }
        var raw = pagebulk_vm_delta()
        raw.pgmigrate_success = delta("pgmigrate_success")
        raw.pgmigrate_fail = delta("pgmigrate_fail")
        raw.compact_stall = delta("compact_stall")
        raw.compact_fail = delta("compact_fail")
        raw.compact_success = delta("compact_success")
        raw.compact_isolated = delta("compact_isolated")
        raw.cma_alloc_success = delta("cma_alloc_success")
        raw.cma_alloc_fail = delta("cma_alloc_fail")
        raw.pgscan_direct = delta("pgscan_direct")
        raw.pgsteal_direct = delta("pgsteal_direct")
        self.init(raw)
    }
}
