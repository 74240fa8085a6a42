import ArgumentParser
import CPagebulk
import PagebulkKit
import PagebulkReport
import SystemPackage

/// `pagebulk fuzz`: random and adversarial requests against the control
/// file. Every request must succeed or fail with an errno the uapi header
/// promises; what succeeds is verified and freed (some twice); afterwards
/// the allocator must be back at its baseline.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz", abstract: "Send random and adversarial requests; every one must fail cleanly or succeed.")

    @OptionGroup var module: ModuleOptions
    @Option(help: "Requests to send.") var requests: UInt = 10_000
    @Option(help: "Seed; the same seed sends the same requests.") var seed: UInt64 = 1
    @Option(help: "Directory to write fuzz.json (the counts) into.") var out: String?

    /// What the module may answer with; anything else is a failure.
    static let allowed: Set<Errno> = [.invalidArgument, .protocolError, .noSuchFileOrDirectory,
                                      .notSupported, .resourceBusy, .noMemory]

    func run() throws {
        var counts = FuzzCounts()
        try module.withControl { control in
            let info = try control.info()
            let baseline = try Invariants.capture(control)
            var fuzzer = Fuzzer(info: info, rng: SplitMix64(seed: seed))
            for i in 0..<requests {
                try fuzzer.step(control, &counts)
                if (i + 1) % 2000 == 0 { Progress.line("\(i + 1) requests, \(counts.summary)") }
            }
            fuzzer.freeAll(control, &counts)
            let broken = try Invariants.capture(control).violations(against: baseline)
            counts.unexpected += broken.map { "invariant: \($0)" }
            counts.invariantsChecked = true
        }
        if let out { try OutputDirectory.write(counts, into: out, as: "fuzz.json") }
        print("fuzz: \(requests) requests, \(counts.summary)")
        print("fuzz: seconds by kind: " + counts.secondsByKind.sorted { $0.key < $1.key }
            .map { "\($0.key) \(fixed($0.value, 1))" }.joined(separator: ", "))
        if !counts.unexpected.isEmpty {
            print(counts.unexpected.prefix(20).joined(separator: "\n"))
            throw ExitCode(1)
        }
        print("invariants back to baseline")
    }
}

struct FuzzCounts: Codable {
    var succeeded = 0, rejected = 0, verified = 0, doubleFrees = 0
    var byErrno: [String: Int] = [:]
    /// Guest seconds spent per kind of request.
    var secondsByKind: [String: Double] = [:]
    var unexpected: [String] = []
    var invariantsChecked = false

    var summary: String {
        "\(succeeded) succeeded (\(verified) verified), \(rejected) rejected "
            + "(\(byErrno.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), "
            + "\(doubleFrees) double frees, \(unexpected.count) unexpected"
    }
}

/// Random requests on the control file each step is given.
struct Fuzzer {
    let info: ModuleInfo
    var rng: SplitMix64
    var live: [UInt64] = []
    var freed: [UInt64] = []

    mutating func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

    /// A PFN: inside a zone, at its edges, beyond memory, or anywhere.
    /// Wrapping arithmetic: the zone spans are the kernel's to get wrong.
    mutating func pfn() -> UInt64 {
        guard !info.zones.isEmpty else { return pick([0, UInt64.max, rng.next()]) }
        let zone = pick(info.zones)
        return pick([zone.startPFN, zone.endPFN, zone.endPFN &- 1,
                     zone.startPFN &+ rng.next() % max(1, zone.endPFN &- zone.startPFN),
                     0, UInt64.max, UInt64.max - 511, (info.zones.map(\.endPFN).max() ?? 0) &+ rng.next() % 100_000,
                     rng.next()])
    }

    mutating func randomAlloc() -> pagebulk_alloc {
        var a = pagebulk_alloc()
        a.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        let small = chance(60)
        a.method = small ? UInt32(rng.next() % UInt64(PAGEBULK_NR_METHODS.rawValue))
                         : pick([UInt32(PAGEBULK_NR_METHODS.rawValue), 99, UInt32.max, UInt32(rng.next() & 0xffff_ffff)])
        a.order = small ? UInt32(rng.next() % 5) : pick([0, 9, 10, 11, 12, 31, UInt32.max])
        a.gfp = chance(85) ? UInt32(rng.next() % UInt64(PAGEBULK_NR_GFP.rawValue)) : pick([5, 6, 1000, UInt32.max])
        a.mode = chance(85) ? UInt32(rng.next() % UInt64(PAGEBULK_NR_MODES.rawValue)) : pick([4, 77, UInt32.max])
        a.cma_area = chance(70) ? pick([Int32(PAGEBULK_NO_CMA), 0]) : pick([Int32(-5), 1, 7, 8, Int32.max, Int32.min])
        a.count = small ? rng.next() % 65 : pick([0, 1 << 20, 1 << 40, UInt64.max, rng.next()])
        if chance(40) {
            a.start_pfn = pfn()
            a.end_pfn = chance(50) ? a.start_pfn &+ rng.next() % 8192 : pfn()
        }
        a.deadline_ms = pick([0, 1, 50])
        if chance(3) { a.abi_version = pick([0, PagebulkABI.version - 1, PagebulkABI.version + 1, UInt32.max]) }
        return a
    }

    mutating func step(_ control: borrowing ControlFile, _ counts: inout FuzzCounts) throws {
        let kind = rng.next() % 100
        let started = MonotonicClock.nowNs()
        defer {
            counts.secondsByKind[Self.kindName(kind), default: 0] += Double(MonotonicClock.nowNs() - started) / 1e9
        }
        do {
            try attempt(kind, control, &counts)
        } catch {
            guard case let .system(call, _, errno) = error else { throw error }
            counts.rejected += 1
            counts.byErrno["\(errno)", default: 0] += 1
            if !FuzzCommand.allowed.contains(errno) {
                counts.unexpected.append("\(call): \(errno)")
            }
        }
    }

    static func kindName(_ kind: UInt64) -> String {
        switch kind {
        case 0..<60: "alloc"
        case 60..<75: "free"
        case 75..<82: "verify"
        case 82..<90: "forged"
        case 90..<96: "order0"
        default: "pin"
        }
    }

    /// One request of kind `kind` (0..<100); a rejection is the thrown error.
    mutating func attempt(_ kind: UInt64, _ control: borrowing ControlFile,
                          _ counts: inout FuzzCounts) throws(PagebulkError) {
        switch kind {
        case 0..<60:
            // Hold at most 32 allocations, so memory never runs out.
            if live.count >= 32 {
                freed.append(live[0])
                _ = try control.free(handle: live.removeFirst())
            }
            let raw = randomAlloc()
            let r = try control.alloc(raw: raw)
            counts.succeeded += 1
            guard r.handle != 0 else { return }
            let v = try control.verify(handle: r.handle)
            if !v.isClean || v.pieces != r.obtained {
                counts.unexpected.append("alloc \(raw.method)/\(raw.order)x\(raw.count): verify \(v)")
            }
            counts.verified += 1
            live.append(r.handle)
        case 60..<75:
            // Free a live handle, a freed one, or one that never was.
            let handle: UInt64
            if !live.isEmpty && chance(60) {
                handle = live.remove(at: Int(rng.next() % UInt64(live.count)))
                freed.append(handle)
            } else if !freed.isEmpty && chance(50) {
                handle = pick(freed)
                counts.doubleFrees += 1
            } else {
                handle = pick([0, UInt64.max, rng.next(), UInt64(UInt32.max) + 1])
            }
            _ = try control.free(handle: handle)
            counts.succeeded += 1
        case 75..<82:
            let handle = !live.isEmpty && chance(50) ? pick(live) : pick([0, UInt64.max, rng.next()] + freed)
            let lo = pfn(), hi = pfn()
            _ = try control.verify(handle: handle, range: lo < hi ? lo..<hi : nil)
            counts.succeeded += 1
        case 82..<90:
            // A lie about the ABI version, the struct size, or both.
            let lieAboutSize = chance(50), lieAboutABI = !lieAboutSize || chance(50)
            try control.forgedAlloc(AllocRequest(method: .allocPages, order: 0, count: 1),
                                    abiVersion: lieAboutABI ? pick([0, PagebulkABI.version - 1, PagebulkABI.version + 1, UInt32.max]) : nil,
                                    size: lieAboutSize ? pick([0, 8, 100, 16383]) : nil)
            counts.unexpected.append("forged ALLOC (ABI lie \(lieAboutABI), size lie \(lieAboutSize)) succeeded")
        case 90..<96:
            var batch = pick([0, 1, 64, 4096, 65537, UInt32.max])
            var iterations = pick([0, 1, 3, 100_001, UInt32.max])
            var warmup = pick([0, 1, UInt32.max])
            // The largest valid batch is 256 MiB a run: rarely, and once.
            if chance(2) { (batch, iterations, warmup) = (65536, 1, 0) }
            _ = try control.order0(alloc: pick([.single, .bulk]), free: pick([.single, .bulk, .release]),
                                   batch: batch, iterations: min(iterations, 200_000), warmup: warmup)
            counts.succeeded += 1
        default:
            let area = pick([-1, 0, 1, 8, Int(Int32.max)])
            _ = try control.pin(cmaArea: area, count: pick([0, 1, 3, UInt64.max]))
            _ = try control.pin(cmaArea: 0, count: 0)
            counts.succeeded += 1
        }
    }

    mutating func freeAll(_ control: borrowing ControlFile, _ counts: inout FuzzCounts) {
        for h in live where (try? control.free(handle: h)) == nil {
            counts.unexpected.append("free of live handle \(h) failed")
        }
        live = []
    }
}
