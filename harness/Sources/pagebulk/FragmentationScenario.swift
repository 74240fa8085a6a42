import ArgumentParser
import PagebulkKit
import PagebulkProc

/// Gioh Kim's experiment (seed 003), one method per boot as Vlastimil Babka
/// asked: a "driver" holds unmovable order-0 pages with churn under load;
/// then the allocator's state and order-3 / order-9 requests are compared.
struct FragmentationScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fragmentation",
        abstract: "A driver holds unmovable order-0 pages with churn, by alloc_page or alloc_pages_compact.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var load: LoadOptions
    @Option(help: "Directory for fragmentation-METHOD.json and the before/after snapshots.")
    var out: String = "."
    @Option(help: "How the driver allocates: alloc-pages (order 0) or compact.")
    var method: AllocMethod = .allocPages
    @Option(help: "MiB the driver holds.") var holdMib: UInt64 = 400
    @Option(help: "Pages per driver allocation (one handle): small units make the churn's holes small, as a driver freeing single pages would.")
    var unitPages: UInt64 = 16
    @Option(help: "Churn rounds: free a share of the driver's units, allocate them again.") var rounds: Int = 5
    @Option(help: "Percent of the units freed per round.") var churnPercent: Int = 30
    @Option(help: "Seed of the churn's choices, the same in every boot.") var seed: UInt64 = 1

    func validate() throws {
        guard [.allocPages, .compact].contains(method) else {
            throw ValidationError("--method must be alloc-pages or compact")
        }
        guard (1...(1 << 20)).contains(holdMib) else { throw ValidationError("need 1 <= --hold-mib <= 1048576") }
        guard unitPages > 0, holdMib << 8 >= unitPages, (0...100).contains(churnPercent) else {
            throw ValidationError("need 0 < --unit-pages <= --hold-mib pages and 0 <= --churn-percent <= 100")
        }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
    }

    func run() throws {
        let result = try module.withControl { control in
            let info = try control.info()
            guard info.supports(method) else {
                throw PagebulkError.unsupported("method \(method.rawValue): kernel without the series")
            }
            let baseline = try Invariants.capture(control)
            _ = try SnapshotSource.capture(into: out + "/before")
            let before = try SnapshotSource.directory(out + "/before").load()
            var driver = UnmovableDriver(control: control, method: method, unitPages: unitPages)
            defer { driver.releaseAll() }
            try load.during {
                let units = Int((holdMib << 8) / unitPages)
                var rng = SplitMix64(seed: seed)
                try driver.fill(to: units)
                for round in 1...max(rounds, 1) {
                    try driver.churn(percent: churnPercent, using: &rng)
                    FileHandleOutput.progress("round \(round): holding \(driver.heldPages) pages")
                }
            }
            // Movable memory goes back, so what stays split is the driver's doing.
            try Invariants.dropCaches()
            _ = try SnapshotSource.capture(into: out + "/after")
            let after = try SnapshotSource.directory(out + "/after").load()
            let probes = try [(UInt32(3), UInt64(2048)), (UInt32(9), UInt64(64))].map { order, asked in
                try Self.probe(control, order: order, asked: asked)
            }
            let summary = driver.summary(rounds: rounds)
            driver.releaseAll()
            try driver.checkCounts()
            try Invariants.capture(control).check(against: baseline)
            let parameters = ["hold": "\(holdMib) MiB", "unit": "\(unitPages) pages", "rounds": "\(rounds)",
                              "churn": "\(churnPercent)%", "seed": "\(seed)", "load": load.description,
                              "gfp": "GFP_KERNEL (unmovable)"]
            return FragmentationResult(context: ScenarioOptions.context(info), parameters: parameters,
                                       driver: summary, before: before, after: after, probes: probes)
        }
        let file = "\(out)/fragmentation-\(method.rawValue).json"
        try TextFile.write(try JSON.encode(result) + "\n", to: file)
        print(FragmentationReport.single(result))
        print("\nwrote \(file)")
    }

    /// How many order-N pages an alloc_pages() loop gets now (light
    /// compaction allowed, no retrying), given back at once.
    static func probe(_ control: ControlFile, order: UInt32, asked: UInt64) throws -> FragmentationResult.Probe {
        let r = try control.alloc(AllocRequest(method: .allocPages, order: order, count: asked, gfp: .noretry))
        if r.handle != 0 { _ = try control.free(handle: r.handle) }
        return .init(order: order, asked: asked, obtained: r.obtained)
    }
}

/// The driver: units of order-0 pages, each one handle of the control file.
struct UnmovableDriver {
    let control: ControlFile
    let method: AllocMethod
    let unitPages: UInt64
    /// Handles per unit: the method's, and a top-up handle when it fell short.
    private(set) var units: [[UInt64]] = []
    private(set) var heldPages: UInt64 = 0
    private var allocated: UInt64 = 0
    private var allocNs: UInt64 = 0
    private var topUp: UInt64 = 0
    /// The first count from the module that contradicts the driver's own.
    private var inconsistency: String?

    init(control: ControlFile, method: AllocMethod, unitPages: UInt64) {
        self.control = control
        self.method = method
        self.unitPages = unitPages
    }

    mutating func fill(to count: Int) throws {
        while units.count < count { units.append(try allocateUnit()) }
    }

    /// Free `percent` of the units, chosen by `rng`, then allocate as many.
    mutating func churn(percent: Int, using rng: inout SplitMix64) throws {
        let count = units.count
        var victims = Array(0..<count)
        victims.shuffle(using: &rng)
        for index in victims.prefix(count * percent / 100).sorted(by: >) {
            free(units.remove(at: index))
        }
        try fill(to: count)
        try checkCounts()
    }

    /// Fail once the module has reported a count the driver cannot have.
    func checkCounts() throws(HarnessError) {
        if let inconsistency { throw .inconsistentCounts(inconsistency) }
    }

    private mutating func allocateUnit() throws -> [UInt64] {
        let r = try control.alloc(AllocRequest(method: method, order: 0, count: unitPages))
        var handles = r.handle != 0 ? [r.handle] : []
        var got = r.obtained
        allocNs = allocNs.saturatingAdd(r.elapsedNs)
        if got < unitPages {
            let rest = try control.alloc(AllocRequest(method: .allocPages, order: 0, count: unitPages - got))
            if rest.handle != 0 { handles.append(rest.handle) }
            allocNs = allocNs.saturatingAdd(rest.elapsedNs)
            topUp = topUp.saturatingAdd(rest.obtained)
            got = got.saturatingAdd(rest.obtained)
        }
        if got > unitPages && inconsistency == nil {
            inconsistency = "asked for \(unitPages) pages, obtained \(got)"
        }
        allocated = allocated.saturatingAdd(got)
        heldPages = heldPages.saturatingAdd(got)
        return handles
    }

    private mutating func free(_ handles: [UInt64]) {
        for h in handles {
            guard let f = try? control.free(handle: h) else { continue }
            if f.freed > heldPages && inconsistency == nil {
                inconsistency = "handle \(h) freed \(f.freed) pages while the driver held \(heldPages)"
            }
            heldPages -= min(f.freed, heldPages)
        }
    }

    mutating func releaseAll() {
        for unit in units { free(unit) }
        units = []
    }

    func summary(rounds: Int) -> FragmentationResult.Driver {
        .init(method: method, heldPages: heldPages, allocatedPages: allocated, allocNs: allocNs,
              topUpPages: topUp, rounds: rounds)
    }
}
