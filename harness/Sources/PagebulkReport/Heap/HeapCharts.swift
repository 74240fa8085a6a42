import PagebulkKit

/// Beside the dmaheap table: each heap's median latency and full-success
/// rate, with their intervals, as the allocation scenarios draw them.
enum HeapCharts {
    static func charts(_ d: HeapDocument) -> [WhiskerChart] {
        guard !d.summary.isEmpty else { return [] }
        let latency = d.summary.compactMap { s in
            s.latencyNs.map { WhiskerChart.Row(s.heap.title, $0.median / 1e6,
                                               Interval($0.medianInterval.lower / 1e6, $0.medianInterval.upper / 1e6)) }
        }
        let full = d.summary.map { WhiskerChart.Row($0.heap.title, $0.fullRate.value, $0.fullRate.interval) }
        return [WhiskerChart(title: "p50 ioctl latency of successful calls, ms (\(d.context.latencyLabel)), "
                             + "95% bootstrap interval", rows: latency),
                WhiskerChart(title: "calls with the whole buffer, 95% Wilson interval", rows: full, axis: .percent)]
    }
}
