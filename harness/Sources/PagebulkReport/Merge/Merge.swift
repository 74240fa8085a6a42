import PagebulkKit

/// Several boots of one scenario as one document: experiments are
/// independent boots, so N guests (on one host or N runners) each write a
/// document and this pools them. Each boot's own document stays as it was;
/// the pooled one holds every trial or sample of all of them.
public enum Merge {
    public static func pooled(_ boots: [ResultDocument]) throws(DocumentError) -> ResultDocument {
        guard let first = boots.first else { throw .empty }
        switch first {
        case .allocation:
            return .allocation(try allocation(boots.map { doc throws(DocumentError) in
                guard case let .allocation(d) = doc else { throw .mismatch("\(doc.scenario.rawValue) among allocation runs") }
                return d
            }))
        case .order0:
            return .order0(try order0(boots.map { doc throws(DocumentError) in
                guard case let .order0(d) = doc else { throw .mismatch("\(doc.scenario.rawValue) among order0 runs") }
                return d
            }))
        case .dmaheap:
            return .dmaheap(try heap(boots.map { doc throws(DocumentError) in
                guard case let .dmaheap(d) = doc else { throw .mismatch("\(doc.scenario.rawValue) among dmaheap runs") }
                return d
            }))
        case .fragmentation:
            throw .mismatch("fragmentation boots are compared in pairs (fragmentation-report), not pooled")
        }
    }

    /// Same scenario, same request and kernel; trials renumbered so that
    /// each method's trials count on from the boot before.
    public static func allocation(_ boots: [AllocationDocument]) throws(DocumentError) -> AllocationDocument {
        guard let first = boots.first else { throw .empty }
        var parameters = first.parameters
        parameters.trials = 0
        parameters.pins?.held = []
        var trials: [AllocTrial] = []
        var next: [String: Int] = [:]
        for boot in boots {
            let p = boot.parameters
            guard boot.scenario == first.scenario else {
                throw .mismatch("scenario \(boot.scenario.rawValue), not \(first.scenario.rawValue)")
            }
            guard (p.order, p.count, p.cma, p.workload) == (first.parameters.order, first.parameters.count,
                                                            first.parameters.cma, first.parameters.workload) else {
                throw .mismatch("\(p.count) x order-\(p.order) from \(p.cma), not \(first.parameters.count) x "
                                + "order-\(first.parameters.order) from \(first.parameters.cma), or another load")
            }
            try sameKernel(boot.context, first.context)
            parameters.trials += p.trials
            parameters.pins?.held += p.pins?.held ?? []
            for var t in boot.trials {
                let key = "\(t.pins.map(String.init) ?? "") \(t.pinGroup ?? "") \(t.request.label)"
                t.trial = next[key, default: 0]
                next[key] = t.trial + 1
                trials.append(t)
            }
        }
        return AllocationDocument(scenario: first.scenario, context: first.context, parameters: parameters,
                                  trials: trials)
    }

    /// Same kernel; the samples of each (alloc, free, batch) run pooled.
    public static func order0(_ boots: [Order0Document]) throws(DocumentError) -> Order0Document {
        guard let first = boots.first else { throw .empty }
        var runs: [Order0Run] = []
        var iterations: UInt32 = 0
        for boot in boots {
            try sameKernel(boot.context, first.context)
            guard boot.parameters.pageOwner == first.parameters.pageOwner else {
                throw .mismatch("page_owner on in one boot and off in another")
            }
            iterations = iterations.saturatingAdd(boot.parameters.iterations)
            for run in boot.runs {
                if let i = runs.firstIndex(where: { ($0.alloc, $0.free, $0.batch) == (run.alloc, run.free, run.batch) }) {
                    runs[i].samples += run.samples
                    runs[i].preempted = runs[i].preempted.saturatingAdd(run.preempted)
                    runs[i].short = runs[i].short.saturatingAdd(run.short)
                } else {
                    runs.append(run)
                }
            }
        }
        var parameters = first.parameters
        parameters.iterations = iterations
        return Order0Document(context: first.context, parameters: parameters, pcp: first.pcp, runs: runs)
    }

    static func sameKernel(_ a: RunContext, _ b: RunContext) throws(DocumentError) {
        guard a.kernelRelease == b.kernelRelease, a.seriesHash == b.seriesHash, a.accel == b.accel else {
            throw .mismatch("kernel \(a.kernelRelease) series \(a.seriesHash ?? "-") accel \(a.accel ?? "tcg"), "
                            + "not \(b.kernelRelease) series \(b.seriesHash ?? "-") accel \(b.accel ?? "tcg")")
        }
    }
}
