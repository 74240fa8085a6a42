import PagebulkKit
import SystemPackage

/// Order-0 bulk paths of the series: alloc_pages_compact() through the
/// ALLOC table, free_pages_bulk() and the cost benchmark through ORDER0.
struct Order0Checks {
    var info: ModuleInfo

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        if info.supports(.compact) { checkCompact(control, &list) }
        list.check("order0 benchmark: every combination returns its samples") {
            let combinations: [(Order0Alloc, Order0Free)] = [(.single, .single), (.bulk, .bulk), (.bulk, .release)]
            for (a, f) in combinations {
                let run = try control.order0(alloc: a, free: f, batch: 64, iterations: 8, warmup: 2)
                try expect(run.samples.count + Int(run.preempted) >= 8 && !run.samples.isEmpty,
                           "\(a)/\(f): \(run.samples.count) samples, \(run.preempted) re-run")
                try expect(run.samples.allSatisfy { $0.allocNs > 0 && $0.freeNs > 0 }, "\(a)/\(f): zero timings")
            }
            try expect(try control.info().heldPages == 0, "the benchmark kept pages")
        }
        let rejected: [(String, UInt32, UInt32)] = [
            ("batch 0", 0, 4), ("batch above 65536", 65537, 4), ("0 iterations", 64, 0),
            ("iterations above 100000", 64, 100_001),
        ]
        for (name, batch, iterations) in rejected {
            list.check("order0 rejects \(name) with EINVAL") {
                try expectErrno(.invalidArgument) {
                    _ = try control.order0(alloc: .bulk, free: .bulk, batch: batch, iterations: iterations, warmup: 0)
                }
            }
        }
    }

    /// Packing may come up short (the caller tops up), but whatever it
    /// returns must be real, distinct, writable order-0 pages.
    func checkCompact(_ control: borrowing ControlFile, _ list: inout CheckList) {
        list.check("compact 2048 x order-0: packed pages verified and freed") {
            let r = try control.alloc(AllocRequest(method: .compact, order: 0, count: 2048))
            try expect(r.obtained > 0 && r.obtained <= 2048, "obtained \(r.obtained), error \(r.error)")
            let v = try control.verify(handle: r.handle)
            try expect(v.pieces == r.obtained && v.order == 0, "verify saw \(v.pieces) x order-\(v.order)")
            try expect(v.isClean, AllocCommand.describe(v))
            try expect(try control.free(handle: r.handle).freed == r.obtained, "free count")
        }
    }
}
