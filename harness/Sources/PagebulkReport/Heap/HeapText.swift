import PagebulkKit

/// The dmaheap scenario's tables: per heap the outcome and latency, the
/// layout a device would see, and the CMA area's state around the calls.
public enum HeapText {
    public static func table(_ d: HeapDocument) -> TextTable {
        // p99 only where some heap has the 100 calls it needs.
        let p99 = d.summary.contains { $0.latencyNs?.p99 != nil }
        var table = TextTable(["heap", "calls", "full", "full 95%", "p50 ms", "p50 95%", "p90 ms"]
                              + (p99 ? ["p99 ms"] : [])
                              + ["max ms", "touch p50 ms", "free p50 ms", "sg entries p50", "entry orders",
                                 "sg runs p50", "largest run p50", "errors"])
        for s in d.summary {
            let l = s.latencyNs
            table.add([s.heap.title, "\(s.calls)", "\(s.full)/\(s.calls)",
                       AllocationText.percentInterval(s.fullRate.interval), AllocationText.ms(l?.median),
                       AllocationText.msInterval(l?.medianInterval), AllocationText.ms(l?.p90)]
                      + (p99 ? [AllocationText.ms(l?.p99)] : [])
                      + [AllocationText.ms(l?.max), AllocationText.ms(s.touchNs?.median),
                         AllocationText.ms(s.freeNs?.median), s.sgEntries.map { fixed($0.median, 0) } ?? "-",
                         orders(s.sgOrders), s.sgRuns.map { fixed($0.median, 0) } ?? "-",
                         s.largestRunMedian.map { pages($0) } ?? "-",
                         s.errorText + (s.badChunkCalls > 0 ? "; \(s.badChunkCalls) with bad chunks" : "")
                            + (s.leakedCalls > 0 ? "; \(s.leakedCalls) left CMA used" : "")])
        }
        return table
    }

    public static func render(_ d: HeapDocument) -> String {
        let p = d.parameters
        var out = "dmaheap: \(mib(p.length)) per call, \(p.trials) trials per heap, chunk order "
            + (p.chunkOrder.map(String.init) ?? "-") + ", CMA area \(p.cma), load: "
            + (p.workload.map(\.description) ?? "none") + "; on \(d.context.kernelRelease); latencies are "
            + "\(d.context.latencyLabel) time (p50 and p90 of the calls that succeeded; p90 needs 10, p99 100)\n"
            + table(d).render()
        out += layoutNote(d)
        if !p.missing.isEmpty {
            out += "\nnot run, no such heap on this kernel: " + p.missing.map(\.title).joined(separator: ", ")
        }
        if let c = conditions(d) { out += "\nthe CMA area just before each call (census; medians):\n" + c.render() }
        if let f = failures(d) { out += "\nthe CMA area just after each failed call (census; medians):\n" + f.render() }
        return out
    }

    /// What the layout columns are, and where each heap's frames were
    /// seen for the chunk check: pagemap gives buffer order; the CMA
    /// bitmap gives frame order, in which chunks side by side merge.
    static func layoutNote(_ d: HeapDocument) -> String {
        func heaps(_ f: (HeapSummary) -> Bool) -> String {
            d.summary.filter(f).map(\.heap.title).joined(separator: ", ")
        }
        var parts = ["sg: the list a device with no IOMMU is given (DMABUF_LAYOUT); an entry of n pages has "
                     + "order floor(log2 n); a run is entries that continue each other physically"]
        let pagemap = heaps { $0.layoutSources.contains(.pagemap) }
        let bitmap = heaps { $0.layoutSources.contains(.cmaBitmap) }
        if !pagemap.isEmpty { parts.append("frames from /proc/self/pagemap: \(pagemap)") }
        if !bitmap.isEmpty { parts.append("frames from the CMA bitmap (frame order): \(bitmap)") }
        return "\n" + parts.joined(separator: "; ")
    }

    /// The load's conditions, as `CensusText` gives them for the allocation scenarios.
    static func conditions(_ d: HeapDocument) -> TextTable? {
        var table = TextTable("heap", "calls", "in use %", "dirty", "writeback", "pinned", "zone free / low",
                              "refilled", "wait p50 s", "migrated p50")
        var any = false
        for s in d.summary {
            let trials = d.trials.filter { $0.heap == s.heap }
            let censuses = trials.compactMap(\.census)
            guard !censuses.isEmpty else { continue }
            any = true
            let waits = trials.compactMap(\.refillWait)
            table.add(s.heap.title, "\(censuses.count)",
                      CensusText.median(censuses.map { CensusText.percent($0.inUse, of: $0.endPFN &- $0.startPFN) }),
                      CensusText.median(censuses.map { Double($0.dirty) }),
                      CensusText.median(censuses.map { Double($0.writeback) }),
                      CensusText.median(censuses.map { Double($0.pinned) }),
                      CensusText.median(censuses.map { CensusText.ratio($0.zoneFree, $0.zoneLow) }, digits: 1),
                      waits.isEmpty ? "-" : "\(waits.filter(\.reached).count)/\(waits.count)",
                      waits.isEmpty ? "-" : CensusText.median(waits.map { Double($0.waitedMs) / 1000 }, digits: 1),
                      CensusText.median(trials.compactMap { $0.vm.map { Double($0.pgmigrateSuccess) } }))
        }
        return any ? table : nil
    }

    /// What was in the area when a CMA heap gave up: free pages, and free
    /// pages in buddies big enough for a chunk; what holds the rest.
    static func failures(_ d: HeapDocument) -> TextTable? {
        let order = Int(d.parameters.chunkOrder ?? 4)
        var table = TextTable("heap", "failures", "errno", "fail p50 ms", "in use %", "free",
                              "free in order>=\(order)", "LRU", "pinned", "other", "blocks pinned/unmovable")
        var any = false
        for s in d.summary {
            let failed = d.trials.filter { $0.heap == s.heap && $0.errno != nil }
            let censuses = failed.compactMap(\.failureCensus)
            guard !failed.isEmpty else { continue }
            any = true
            func m(_ f: (RangeCensus) -> Double) -> String { CensusText.median(censuses.map(f)) }
            table.add(s.heap.title, "\(failed.count)", s.errorText, AllocationText.ms(s.failureLatencyNs?.median),
                      m { CensusText.percent($0.inUse, of: $0.endPFN &- $0.startPFN) }, m { Double($0.free) },
                      m { Double(Self.free($0, atLeast: order)) },
                      m { Double($0.lruAnon.saturatingAdd($0.lruFile)) }, m { Double($0.pinned) },
                      m { Double($0.other) },
                      m { Double($0.blocks.filter { $0.pinned > 0 || $0.unmovable > 0 }.count) })
        }
        return any ? table : nil
    }

    /// Free pages in buddies of at least `order`.
    static func free(_ c: RangeCensus, atLeast order: Int) -> UInt64 {
        c.freeByOrder.indices.filter { $0 >= order }.reduce(0) { $0.saturatingAdd(c.freeByOrder[$1]) }
    }

    /// "0-10", "4", "4,8-10", or "-".
    static func orders(_ seen: [Int]) -> String {
        guard !seen.isEmpty else { return "-" }
        var parts: [String] = []
        var start = seen[0], last = seen[0]
        for o in seen.dropFirst() {
            if o == last + 1 { last = o; continue }
            parts.append(start == last ? "\(start)" : "\(start)-\(last)")
            start = o
            last = o
        }
        parts.append(start == last ? "\(start)" : "\(start)-\(last)")
        return parts.joined(separator: ",")
    }

    /// A page count as pages, with MiB when it is at least one.
    static func pages(_ n: Double) -> String {
        n >= 256 ? "\(fixed(n, 0)) (\(fixed(n / 256, 1)) MiB)" : fixed(n, 0)
    }

    static func mib(_ bytes: UInt64) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
