import PagebulkKit

/// Per-page cost of one run: the arithmetic mean over its samples (Mel
/// Gorman's "Amean") and the median, in cycles and ns.
public struct Order0Cost: Codable, Sendable, Equatable {
    public var samples: Int
    public var allocCycles: Double
    public var freeCycles: Double
    public var allocNs: Double
    public var freeNs: Double
    public var allocCyclesMedian: Double
    public var freeCyclesMedian: Double

    public var totalCycles: Double { allocCycles + freeCycles }

    /// The same cost with the medians in the cycle fields.
    var medians: Order0Cost {
        var m = self
        m.allocCycles = allocCyclesMedian
        m.freeCycles = freeCyclesMedian
        return m
    }

    public init?(_ run: Order0Run) {
        guard !run.samples.isEmpty, run.batch > 0 else { return nil }
        let n = Double(run.samples.count), batch = Double(run.batch)
        func mean(_ values: [UInt64]) -> Double { values.reduce(0.0) { $0 + Double($1) } / n / batch }
        // The median as every table defines it (Quantiles), per page.
        func median(_ values: [UInt64]) -> Double { (Quantiles(values)?.median ?? 0) / batch }
        samples = run.samples.count
        allocCycles = mean(run.samples.map(\.allocCycles))
        freeCycles = mean(run.samples.map(\.freeCycles))
        allocNs = mean(run.samples.map(\.allocNs))
        freeNs = mean(run.samples.map(\.freeNs))
        allocCyclesMedian = median(run.samples.map(\.allocCycles))
        freeCyclesMedian = median(run.samples.map(\.freeCycles))
    }
}

/// Mel Gorman's 2017 pagealloc table: per batch size, the per-page cost of
/// the one-at-a-time loop and of the bulk calls, and the improvement.
public struct Order0Table: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// "alloc-odr0-8", "free-odr0-8", "total-odr0-8".
        public var name: String
        public var batch: UInt32
        public var single: Double
        /// The bulk columns: alloc_pages_bulk_array(), or for free and total
        /// free_pages_bulk() then release_pages().
        public var bulk: [Double]

        /// Mel's "(improvement %)": how much cheaper than the loop.
        public func improvement(_ column: Int) -> Double {
            single > 0 ? (single - bulk[column]) / single * 100 : 0
        }
    }

    /// Mel's table uses the arithmetic mean; under emulation a few samples
    /// that caught the host's scheduler dominate it, so the median is kept too.
    public enum Statistic: String, Sendable {
        case mean = "Amean"
        case median = "Median"
    }

    public var statistic: Statistic
    public var alloc: [Row] = []
    public var free: [Row] = []
    public var total: [Row] = []

    public init(_ result: Order0Document, statistic: Statistic = .mean) {
        self.statistic = statistic
        func cost(_ a: Order0Alloc, _ f: Order0Free, _ batch: UInt32) -> Order0Cost? {
            result.runs.first { $0.alloc == a && $0.free == f && $0.batch == batch }
                .flatMap(Order0Cost.init)
                .map { statistic == .mean ? $0 : $0.medians }
        }
        let batches = Set(result.runs.map(\.batch)).sorted()
        for b in batches {
            guard let single = cost(.single, .single, b), let bulk = cost(.bulk, .bulk, b) else { continue }
            let release = cost(.bulk, .release, b)
            alloc.append(Row(name: "alloc-odr0-\(b)", batch: b, single: single.allocCycles,
                             bulk: [bulk.allocCycles]))
            free.append(Row(name: "free-odr0-\(b)", batch: b, single: single.freeCycles,
                            bulk: [bulk.freeCycles] + (release.map { [$0.freeCycles] } ?? [])))
            total.append(Row(name: "total-odr0-\(b)", batch: b, single: single.totalCycles,
                             bulk: [bulk.totalCycles] + (release.map { [bulk.allocCycles + $0.freeCycles] } ?? [])))
        }
    }

    /// The bar over batches 8..128: the worst ratio of bulk to
    /// single per page, for allocation and for free_pages_bulk().
    public func worstRatios(in range: ClosedRange<UInt32> = 8...128) -> (alloc: Double, free: Double)? {
        let a = alloc.filter { range.contains($0.batch) && $0.single > 0 }
        let f = free.filter { range.contains($0.batch) && $0.single > 0 }
        guard !a.isEmpty, !f.isEmpty else { return nil }
        return (a.map { $0.bulk[0] / $0.single }.max() ?? 0, f.map { $0.bulk[0] / $0.single }.max() ?? 0)
    }
}

extension Order0Table {
    /// Mel's layout: `Amean alloc-odr0-N   single ( 0.00%)   bulk (xx.xx%)`,
    /// per page, in `unit` (cycles, or instructions under icount); the
    /// header names each column's call.
    public func render(latencyLabel: String, unit: String = "cycles") -> String {
        let header = "pagealloc, \(unit) per page (\(latencyLabel))"
        let columns = ["alloc_page/__free_page", "bulk_array/free_pages_bulk", "bulk_array/release_pages"]
        let name = statistic.rawValue
        var lines = [header, pad(name, -23) + columns.map { pad($0, 28) }.joined()]
        for row in alloc + free + total {
            var line = pad(name + " " + row.name, -23) + pad(Self.cell(row.single, 0), 28)
            for i in row.bulk.indices { line += pad(Self.cell(row.bulk[i], row.improvement(i)), 28) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The mean table as cells, for the HTML page.
    public func textTable() -> TextTable {
        var t = TextTable(["row", "alloc_page/__free_page", "bulk_array/free_pages_bulk", "bulk_array/release_pages"])
        for row in alloc + free + total {
            t.add([statistic.rawValue + " " + row.name, Self.cell(row.single, 0)]
                  + row.bulk.indices.map { Self.cell(row.bulk[$0], row.improvement($0)) })
        }
        return t
    }

    /// "302.85 ( 64.80%)".
    static func cell(_ value: Double, _ improvement: Double) -> String {
        "\(fixed(value, 2)) (\(pad(fixed(improvement, 2), 6))%)"
    }
}
