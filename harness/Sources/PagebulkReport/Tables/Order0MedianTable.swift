import PagebulkKit

/// The order-0 table issue 16 asks for: per batch size, the median alloc,
/// free and total cost per page of the one-page loop and of each bulk call,
/// every median with n and a 95% percentile bootstrap interval, and each
/// bulk call's ratio to the loop (the bars' figure) with an interval from
/// the same resamples. The medians are `Order0Table(_, statistic: .median)`'s.
///
/// Each run is resampled on its own (`ResampledMedians`, one generator
/// stream per alloc, free and batch), whole iterations at a time, so alloc
/// and free stay paired; a total adds the two halves' medians and a ratio
/// divides two cells, resample by resample.
public struct Order0MedianTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// "alloc-odr0-8", "free-odr0-8", "total-odr0-8".
        public var name: String
        public var batch: UInt32
        /// The alloc_page()/__free_page() loop.
        public var single: Estimate
        /// alloc_pages_bulk_array(); for free and total rows, then
        /// free_pages_bulk(), then release_pages() when the run has it.
        public var bulk: [Estimate]
        /// `bulk[i].value / single.value`, with the interval of the ratio
        /// of the two medians; n is the smaller sample.
        public var ratio: [Estimate]
    }

    /// The largest ratio to the loop over a range of batches, and where.
    public struct Worst: Sendable, Equatable {
        public var batch: UInt32
        public var ratio: Estimate
    }

    public var bootstrap: BootstrapInterval
    public var alloc: [Row] = []
    public var free: [Row] = []
    public var total: [Row] = []

    public init(_ d: Order0Document, bootstrap: BootstrapInterval = BootstrapInterval()) {
        self.bootstrap = bootstrap
        func halves(_ a: Order0Alloc, _ f: Order0Free, _ batch: UInt32) -> (alloc: Resampled, free: Resampled, n: Int)? {
            guard batch > 0, let run = d.runs.first(where: { $0.alloc == a && $0.free == f && $0.batch == batch }),
                  let m = ResampledMedians([run.samples.map { Double($0.allocCycles) }, run.samples.map { Double($0.freeCycles) }],
                                           stream: bootstrap.stream(Self.key(run)), resamples: bootstrap.resamples)
            else { return nil }
            let pages = Double(batch)
            return (Resampled(value: m.medians[0], replicates: m.replicates[0]) / pages,
                    Resampled(value: m.medians[1], replicates: m.replicates[1]) / pages, m.count)
        }
        func row(_ kind: String, _ batch: UInt32, _ single: (Resampled, Int), _ bulk: [(Resampled, Int)]) -> Row {
            Row(name: "\(kind)-odr0-\(batch)", batch: batch, single: Self.estimate(single.0, single.1),
                bulk: bulk.map { Self.estimate($0.0, $0.1) },
                ratio: bulk.map { Self.estimate($0.0 / single.0, Swift.min($0.1, single.1)) })
        }
        for b in Set(d.runs.map(\.batch)).sorted() {
            guard let single = halves(.single, .single, b), let bulk = halves(.bulk, .bulk, b) else { continue }
            let release = halves(.bulk, .release, b)
            alloc.append(row("alloc", b, (single.alloc, single.n), [(bulk.alloc, bulk.n)]))
            free.append(row("free", b, (single.free, single.n),
                            [(bulk.free, bulk.n)] + (release.map { [($0.free, $0.n)] } ?? [])))
            // As Order0Table: release_pages()'s total is the bulk run's
            // allocation plus its own free.
            total.append(row("total", b, (single.alloc + single.free, single.n),
                             [(bulk.alloc + bulk.free, bulk.n)]
                                + (release.map { [(bulk.alloc + $0.free, Swift.min(bulk.n, $0.n))] } ?? [])))
        }
    }

    static func estimate(_ r: Resampled, _ n: Int) -> Estimate {
        Estimate(value: r.value, samples: n, interval: r.interval)
    }

    /// The generator stream of one run: its batch and its calls, so every
    /// run draws its own resamples, the same ones in every report.
    public static func key(_ run: Order0Run) -> UInt64 {
        let a = Order0Alloc.allCases.firstIndex(of: run.alloc) ?? 0
        let f = Order0Free.allCases.firstIndex(of: run.free) ?? 0
        return UInt64(run.batch) << 16 | UInt64(a) << 8 | UInt64(f)
    }

    /// The bars over batches 8..128: the largest ratio of
    /// alloc_pages_bulk_array() and of free_pages_bulk() to the loop, with
    /// that batch's interval.
    public func worst(in range: ClosedRange<UInt32> = 8...128) -> (alloc: Worst, free: Worst)? {
        func worst(_ rows: [Row]) -> Worst? {
            rows.filter { range.contains($0.batch) && $0.ratio.first?.value.isFinite == true }
                .compactMap { row in row.ratio.first.map { Worst(batch: row.batch, ratio: $0) } }
                .max { $0.ratio.value < $1.ratio.value }
        }
        guard let a = worst(alloc), let f = worst(free) else { return nil }
        return (a, f)
    }

    /// free_pages_bulk() no dearer per page than release_pages() (medians)
    /// in every batch of `range` that has both.
    public func freeNotDearerThanRelease(in range: ClosedRange<UInt32> = 8...128) -> Bool {
        free.filter { range.contains($0.batch) }.allSatisfy { $0.bulk.count < 2 || $0.bulk[0].value <= $0.bulk[1].value }
    }
}

extension Order0MedianTable {
    /// The columns, left to right; a ratio column follows each bulk call.
    static let columns = ["alloc_page/__free_page", "bulk_array/free_pages_bulk", "/ loop", "bulk_array/release_pages", "/ loop"]

    /// The table as cells, for the terminal and the HTML page: "368.63
    /// [367.10, 370.00]" per call, "36.6% [36.2, 37.0]" per ratio, n per row
    /// ("30", or "30/30/29" when the calls' samples differ), "-" where a
    /// batch has no release_pages() run.
    public func textTable() -> TextTable {
        var t = TextTable(["median", "n"] + Self.columns)
        for row in alloc + free + total {
            let n = [row.single.samples] + row.bulk.map(\.samples)
            var cells = [row.name, Set(n).count == 1 ? "\(n[0])" : n.map(String.init).joined(separator: "/"),
                         Self.cost(row.single)]
            for i in row.bulk.indices { cells += [Self.cost(row.bulk[i]), Self.percent(row.ratio[i])] }
            t.add(cells + Array(repeating: "-", count: Swift.max(0, Self.columns.count + 2 - cells.count)))
        }
        return t
    }

    /// The header, the table, and how the intervals were drawn.
    public func render(latencyLabel: String, unit: String = "cycles") -> String {
        "pagealloc, \(unit) per page (\(latencyLabel)): median [95% bootstrap interval]; "
            + "/ loop: the bulk call's median over the loop's\n" + textTable().render() + "\n"
            + "intervals: percentile bootstrap, \(bootstrap.resamples) resamples, seed 0x"
            + String(bootstrap.seed, radix: 16) + ", each run resampled on its own, whole iterations"
    }

    /// "368.63 [367.10, 370.00]".
    static func cost(_ e: Estimate) -> String {
        fixed(e.value, 2) + (e.interval.map { " [\(fixed($0.lower, 2)), \(fixed($0.upper, 2))]" } ?? "")
    }

    /// "36.6% [36.2, 37.0]"; "-" for a loop that cost nothing.
    static func percent(_ e: Estimate) -> String {
        guard e.value.isFinite else { return "-" }
        return fixed(e.value * 100, 1) + "%"
            + (e.interval.map { " [\(fixed($0.lower * 100, 1)), \(fixed($0.upper * 100, 1))]" } ?? "")
    }
}
