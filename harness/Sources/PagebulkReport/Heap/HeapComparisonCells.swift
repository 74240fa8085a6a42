import PagebulkKit

extension ComparisonCells {
    /// Per heap: the full-success rate and the successful calls' median
    /// latency, with their intervals, and the segments per buffer.
    static func heap(_ d: HeapDocument) -> [Comparison.Cell] {
        d.summary.flatMap { s -> [Comparison.Cell] in
            func cell(_ metric: String, _ value: Estimate, lower: Bool) -> Comparison.Cell {
                Comparison.Cell(metric: metric, subject: s.heap.rawValue, value: value, lowerIsBetter: lower)
            }
            var out: [Comparison.Cell] = []
            let rate = s.fullRate
            out.append(cell("full-%", Estimate(value: rate.value * 100, samples: rate.samples,
                                               interval: rate.interval.map { Interval($0.lower * 100, $0.upper * 100) }),
                            lower: false))
            if let l = s.latencyNs {
                let median = l.medianEstimate
                out.append(cell("p50-ms", Estimate(value: median.value / 1e6, samples: median.samples,
                                                   interval: median.interval.map { Interval($0.lower / 1e6, $0.upper / 1e6) }),
                                lower: true))
                out.append(cell("max-ms", Estimate(value: l.max / 1e6, samples: l.count), lower: true))
            }
            if let entries = s.sgEntries {
                out.append(cell("sg-entries-p50", entries.medianEstimate, lower: true))
            }
            return out
        }
    }
}
