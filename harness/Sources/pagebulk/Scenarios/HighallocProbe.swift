import PagebulkKit
import PagebulkReport

/// stress-highalloc's probe (mmtests), while the load runs: single
/// order-N allocations a fixed pause apart, each timed by the module, the
/// successes held so that later attempts see the memory they took.
struct HighallocProbe {
    let order: UInt32
    let gfp: GFPPreset
    let attempts: Int
    let delayMs: UInt32

    func run(_ control: borrowing ControlFile, range: CensusRange, blockOrder: UInt32) throws
        -> FragmentationDocument.HighallocRun
    {
        let zoneFree = try? control.census(range, blockOrder: blockOrder).zoneFree
        var held: [UInt64] = []
        var outcomes: [FragmentationDocument.HighallocRun.Attempt] = []
        defer {
            for handle in held { _ = try? control.free(handle: handle) }
        }
        for attempt in 0..<attempts {
            if attempt > 0 { MonotonicClock.sleep(ms: delayMs) }
            let r = try control.alloc(AllocRequest(method: .allocPages, order: order, count: 1, gfp: gfp))
            if r.handle != 0 { held.append(r.handle) }
            outcomes.append(.init(ok: r.obtained == 1, ns: r.elapsedNs))
        }
        return .init(order: order, gfp: gfp, delayMs: delayMs, attempts: outcomes, zoneFreeBefore: zoneFree)
    }
}
