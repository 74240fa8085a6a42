import PagebulkKit

/// What each document kind offers for comparison, as cells keyed by metric
/// and subject.
enum ComparisonCells {
    static func allocation(_ d: AllocationDocument) -> [Comparison.Cell] {
        d.summary.flatMap { m -> [Comparison.Cell] in
            func cell(_ metric: String, _ value: Estimate, lower: Bool) -> Comparison.Cell {
                Comparison.Cell(metric: metric, subject: m.subject, value: value, lowerIsBetter: lower)
            }
            var out: [Comparison.Cell] = []
            if let l = m.latencyNs {
                let median = l.medianEstimate
                out.append(cell("p50-ms", Estimate(value: median.value / 1e6, samples: median.samples,
                                                   interval: median.interval.map { Interval($0.lower / 1e6, $0.upper / 1e6) }),
                                lower: true))
                out.append(cell("max-ms", Estimate(value: l.max / 1e6, samples: l.count), lower: true))
            }
            let rate = m.fullRate
            out.append(cell("full-%", Estimate(value: rate.value * 100, samples: rate.samples,
                                               interval: rate.interval.map { Interval($0.lower * 100, $0.upper * 100) }),
                            lower: false))
            out.append(cell("worst-yield", Estimate(value: Double(m.worstYield), samples: m.trials), lower: false))
            return out
        }
    }

    /// Per-page cycles, the median of the samples with its bootstrap
    /// interval: the mean of Mel's table moves five-fold on one slow
    /// iteration under TCG, which no interval of the mean survives.
    static func order0(_ d: Order0Document) -> [Comparison.Cell] {
        func run(_ a: Order0Alloc, _ f: Order0Free, _ batch: UInt32) -> Order0Run? {
            d.runs.first { $0.alloc == a && $0.free == f && $0.batch == batch }
        }
        let bootstrap = BootstrapInterval()
        func cell(_ row: String, _ column: String, _ r: Order0Run?, _ cycles: (Order0Sample) -> UInt64)
            -> Comparison.Cell? {
            guard let r, r.batch > 0, let q = Quantiles(r.samples.map { Double(cycles($0)) / Double(r.batch) })
            else { return nil }
            return Comparison.Cell(metric: row, subject: column,
                                   value: Estimate(value: q.median, samples: q.count, interval: bootstrap.median(q)),
                                   lowerIsBetter: true)
        }
        let batches = Set(d.runs.map(\.batch)).sorted()
        let combos: [(String, Order0Alloc, Order0Free)] = [("single", .single, .single), ("bulk", .bulk, .bulk),
                                                           ("release", .bulk, .release)]
        var out: [Comparison.Cell] = []
        for (kind, cycles) in [("alloc", { (s: Order0Sample) in s.allocCycles }),
                               ("free", { (s: Order0Sample) in s.freeCycles }),
                               ("total", { (s: Order0Sample) in s.allocCycles.saturatingAdd(s.freeCycles) })] {
            for b in batches {
                // Allocation has no release column: release_pages() frees.
                for (column, a, f) in combos where !(kind == "alloc" && column == "release") {
                    if let c = cell("\(kind)-odr0-\(b)", column, run(a, f, b), cycles) { out.append(c) }
                }
            }
        }
        return out
    }

    /// One boot per document: counts without intervals, shown side by side.
    static func fragmentation(_ d: FragmentationDocument) -> [Comparison.Cell] {
        let f = FragmentationFigures(d.after), subject = d.driver.method.rawValue
        func cell(_ metric: String, _ value: Double, lower: Bool) -> Comparison.Cell {
            Comparison.Cell(metric: metric, subject: subject, value: Estimate(value: value, samples: 1),
                            lowerIsBetter: lower)
        }
        var out = [cell("unmovable-o0-free", Double(f.unmovableOrder0Free), lower: true),
                   cell("free-blocks-o3+", Double(f.freeBlocksOrder3Up), lower: false)]
        if let mixed = f.mixedBlocks { out.append(cell("mixed-blocks", Double(mixed), lower: true)) }
        out += d.probes.map { cell("order-\($0.order)-obtained", Double($0.obtained), lower: false) }
        out.append(cell("driver-ns-per-page", d.driver.nsPerPage, lower: true))
        return out
    }
}
