import PagebulkKit

extension Merge {
    /// Same length, area, chunk order, load and kernel; trials renumbered
    /// so that each heap's trials count on from the boot before. Heaps one
    /// boot lacked stay missing only if every boot lacked them.
    public static func heap(_ boots: [HeapDocument]) throws(DocumentError) -> HeapDocument {
        guard let first = boots.first else { throw .empty }
        var parameters = first.parameters
        parameters.trials = 0
        var trials: [HeapTrial] = []
        var next: [HeapVariant: Int] = [:]
        for boot in boots {
            let p = boot.parameters, f = first.parameters
            if let why = difference(p, f) { throw .mismatch(why) }
            try sameKernel(boot.context, first.context)
            parameters.trials += p.trials
            for heap in p.heaps where !parameters.heaps.contains(heap) { parameters.heaps.append(heap) }
            for var t in boot.trials {
                t.trial = next[t.heap, default: 0]
                next[t.heap] = t.trial + 1
                trials.append(t)
            }
        }
        parameters.missing = parameters.missing.filter { !parameters.heaps.contains($0) }
        return HeapDocument(context: first.context, parameters: parameters, trials: trials)
    }

    /// What makes two boots' parameters different experiments, nil if nothing.
    static func difference(_ p: HeapParameters, _ f: HeapParameters) -> String? {
        func order(_ o: UInt32?) -> String { o.map(String.init) ?? "-" }
        if p.length != f.length { return "\(p.length) bytes per call, not \(f.length)" }
        if p.cma != f.cma { return "CMA area \(p.cma), not \(f.cma)" }
        if p.chunkOrder != f.chunkOrder { return "chunk order \(order(p.chunkOrder)), not \(order(f.chunkOrder))" }
        if p.workload != f.workload {
            return "load \(p.workload.map(\.description) ?? "none"), not \(f.workload.map(\.description) ?? "none")"
        }
        return nil
    }
}
