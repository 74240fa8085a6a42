import ArgumentParser
import PagebulkKit
import PagebulkProc
import PagebulkReport

/// Gioh Kim's experiment (seed 003), one method per boot as Vlastimil Babka
/// asked: a "driver" holds unmovable order-0 pages with churn under load;
/// then the allocator's state and order-3 / order-9 requests are compared.
struct FragmentationScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fragmentation",
        abstract: "A driver holds unmovable order-0 pages with churn, by alloc_page or alloc_pages_compact.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var output: OutputDirectory
    @Option(help: "How the driver allocates.")
    var method: DriverMethod = .allocPages
    @Option(help: "MiB the driver holds.") var holdMib: UInt64 = 400
    @Option(help: "Pages per driver allocation (one handle): small units make the churn's holes small, as a driver freeing single pages would.")
    var unitPages: UInt64 = 16
    @Option(help: "Churn rounds: free a share of the driver's units, allocate them again.") var rounds: UInt = 5
    @Option(help: "Percent of the units freed per round.") var churnPercent: UInt = 30
    @Option(help: "Seed of the churn's choices, the same in every boot.") var seed: UInt64 = 1
    @Option(help: "In-load order-9 GFP_KERNEL attempts (stress-highalloc), held until the last.")
    var order9Attempts: Int = 64
    @Option(help: "In-load order-3 GFP_KERNEL attempts, after the order-9 ones are freed.")
    var order3Attempts: Int = 512
    @Option(help: "Milliseconds between in-load order-9 attempts (mmtests: 100); order 3 runs back to back.")
    var highallocDelayMs: UInt32 = 100

    func validate() throws {
        guard (1...(1 << 20)).contains(holdMib) else { throw ValidationError("need 1 <= --hold-mib <= 1048576") }
        guard unitPages > 0, holdMib << 8 >= unitPages, (0...100).contains(churnPercent) else {
            throw ValidationError("need 0 < --unit-pages <= --hold-mib pages and 0 <= --churn-percent <= 100")
        }
        guard (1...100_000).contains(rounds) else { throw ValidationError("need 1 <= --rounds <= 100000") }
        guard (0...4096).contains(order9Attempts), (0...65536).contains(order3Attempts) else {
            throw ValidationError("need 0 <= --order9-attempts <= 4096 and 0 <= --order3-attempts <= 65536")
        }
        guard highallocDelayMs <= 10_000 else { throw ValidationError("--highalloc-delay-ms is at most 10000") }
    }

    func run() throws {
        let result = try module.withControl { control in
            let info = try control.info()
            guard info.supports(method.allocMethod) else {
                throw PagebulkError.unsupported("method \(method.rawValue): kernel without the series")
            }
            let baseline = try Invariants.capture(control)
            _ = try SnapshotSource.capture(into: output.out + "/before")
            let before = try SnapshotSource.directory(output.out + "/before").load()
            let zone = try Self.driverZone(before)
            let blockOrder = info.pageblockOrder
            let tallyBefore = PageblockTally(try control.census(zone, blockOrder: blockOrder))
            var driver = UnmovableDriver(method: method.allocMethod, unitPages: unitPages)
            defer { driver.releaseAll(control) }
            var samples: [FragmentationDocument.ChurnSample] = []
            let (during, highalloc) = try workload.during {
                let clock = ChurnClock(zone: zone, blockOrder: blockOrder)
                let units = Int((holdMib << 8) / unitPages)
                var rng = SplitMix64(seed: seed)
                try driver.fill(to: units, control)
                samples.append(try clock.sample(round: 0, driver, control))
                for round in 1...Int(rounds) {
                    try driver.churn(percent: Int(churnPercent), using: &rng, control)
                    samples.append(try clock.sample(round: round, driver, control))
                    Progress.line("round \(round): holding \(driver.heldPages) pages; "
                        + "\(samples[samples.count - 1].tally.unmovableBlocks) pageblocks hold unmovable pages")
                }
                _ = try SnapshotSource.capture(into: output.out + "/during")
                let during = try SnapshotSource.directory(output.out + "/during").load()
                let probes = [HighallocProbe(order: 9, gfp: .kernel, attempts: order9Attempts, delayMs: highallocDelayMs),
                              HighallocProbe(order: 3, gfp: .kernel, attempts: order3Attempts, delayMs: 0)]
                var runs: [FragmentationDocument.HighallocRun] = []
                for probe in probes { runs.append(try probe.run(control, range: zone, blockOrder: blockOrder)) }
                return (during, runs)
            }
            // Movable memory goes back, so what stays split is the driver's doing.
            try Invariants.dropCaches()
            _ = try SnapshotSource.capture(into: output.out + "/after")
            let after = try SnapshotSource.directory(output.out + "/after").load()
            let probes = try [(UInt32(3), UInt64(2048)), (UInt32(9), UInt64(64))].map { order, asked in
                try Self.probe(control, order: order, asked: asked)
            }
            let summary = driver.summary(rounds: Int(clamping: rounds))
            driver.releaseAll(control)
            try driver.checkCounts()
            try Invariants.capture(control).check(against: baseline)
            let parameters = FragmentationParameters(
                holdMiB: holdMib, unitPages: unitPages, rounds: Int(clamping: rounds),
                churnPercent: Int(clamping: churnPercent), seed: seed, workload: workload.workload)
            return FragmentationDocument(context: RunContextProbe.context(info), parameters: parameters,
                                         driver: summary, before: before, after: after, probes: probes,
                                         tallyBefore: tallyBefore, samples: samples, during: during,
                                         highalloc: highalloc)
        }
        print(FragmentationText.single(result))
        try output.write(ResultDocument.fragmentation(result), as: "fragmentation-\(method.rawValue).json")
    }

    /// The zone the driver's GFP_KERNEL pages come from, as a pfn span.
    static func driverZone(_ snapshot: Snapshot) throws -> CensusRange {
        guard let span = snapshot.zoneinfo?.kernelZone?.pfnSpan else { throw HarnessError.noDriverZone }
        return .pfns(span)
    }

    /// How many order-N pages an alloc_pages() loop gets now (light
    /// compaction allowed, no retrying), given back at once.
    static func probe(_ control: borrowing ControlFile, order: UInt32, asked: UInt64) throws -> FragmentationDocument.Probe {
        let r = try control.alloc(AllocRequest(method: .allocPages, order: order, count: asked, gfp: .noretry))
        if r.handle != 0 { _ = try control.free(handle: r.handle) }
        return .init(order: order, asked: asked, obtained: r.obtained)
    }
}

/// The ways the fragmentation driver may allocate, one per boot.
enum DriverMethod: String, CaseIterable, ExpressibleByArgument {
    case allocPages = "alloc-pages"
    /// The order-0 bulk allocator: the cost baseline for compact, which a
    /// loop calling cond_resched() per page is not.
    case bulkArray = "bulk-array"
    case compact

    var allocMethod: AllocMethod {
        switch self {
        case .allocPages: .allocPages
        case .bulkArray: .bulkArray
        case .compact: .compact
        }
    }
}
