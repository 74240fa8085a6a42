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
            guard (p.length, p.cma, p.chunkOrder, p.workload) == (f.length, f.cma, f.chunkOrder, f.workload) else {
                throw .mismatch("\(p.length) bytes from \(p.cma), chunk order \(p.chunkOrder.map(String.init) ?? "-"), "
                                + "not \(f.length) bytes from \(f.cma), chunk order \(f.chunkOrder.map(String.init) ?? "-"), "
                                + "or another load")
            }
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
}
