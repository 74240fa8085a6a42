#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import PagebulkKit
import SystemPackage

/// What the race threads do: allocate with every range method on
/// overlapping pfns of one CMA area, stamp what they get, and check the
/// stamp just before freeing it. A page handed out twice, or freed while
/// held, shows up as a bad page in one of the two holders.
struct RacePlan: Sendable {
    var controlPath: String
    var area: ModuleInfo.CMAArea
    /// The pfns range requests aim at; cma_alloc() and cma_alloc_bulk()
    /// take the area's lowest free bits, which start inside it too.
    var window: Range<UInt64>
    var methods: [AllocMethod]
    var threads: Int
    var seconds: Double
    var seed: UInt64
    /// Holdings a thread keeps at most before it must free one.
    var maxHeld = 6

    /// Range.count is an Int and traps past Int.max; this cannot.
    var windowPages: UInt64 { window.upperBound - window.lowerBound }

    /// Why the plan cannot run, nil when it can. The window and methods
    /// come from the module's INFO, so a kernel regression shows up here.
    var problem: String? {
        if threads < 1 { return "\(threads) threads" }
        if !(seconds > 0 && seconds.isFinite) { return "\(seconds) seconds" }
        if methods.isEmpty { return "the module offers none of the range methods" }
        if windowPages < 512 {
            return "window pfn \(window.lowerBound)..<\(window.upperBound) is smaller than a pageblock"
        }
        return nil
    }

    /// The monotonic time at which threads started at `start` stop.
    func end(from start: UInt64) -> UInt64 {
        Clock.deadline(after: seconds, from: start)
    }

    /// A random request on the plan's area: range methods aim at a few
    /// pageblocks of the window. Nil when the plan has a problem.
    func request(using rng: inout SplitMix64) -> AllocRequest? {
        let blocks = windowPages >> 9
        guard !methods.isEmpty, blocks > 0 else { return nil }
        let method = methods[Int(rng.next() % UInt64(methods.count))]
        let modes: [ContigMode] = [.default, .normal, .fast, .hard]
        let order = [UInt32(0), 2, 4, 4, 9][Int(rng.next() % 5)]
        var r = AllocRequest(method: method, order: order, count: 1 + rng.next() % 32, cmaArea: area.index)
        switch method {
        case .rangeBulk, .contigRange:
            r.mode = modes[Int(rng.next() % UInt64(modes.count))]
            let first = window.lowerBound + (rng.next() % blocks) << 9
            let end = min(window.upperBound, first.saturatingAdd((1 + rng.next() % 4) << 9))
            r.startPFN = first
            r.endPFN = end
            if method == .contigRange {
                // All of it from the start: keep it inside the range.
                r.count = min(r.count, (end - first) >> UInt64(order))
            }
        case .cmaBulk:
            r.mode = [ContigMode.default, .fast, .hard][Int(rng.next() % 3)]
        case .cmaWhole, .cmaPerChunk:
            r.order = min(order, 4)
            r.deadlineMs = 2000
        default:
            break
        }
        return r
    }
}

/// One thread's counts, and everything it saw that it should not have.
struct RaceStats: Codable, Sendable {
    var allocs = 0, full = 0, partial = 0, empty = 0
    var frees = 0, pagesChecked: UInt64 = 0, badPages: UInt64 = 0
    /// The allocator's result errors and the ioctl errnos, by name.
    var errors: [String: Int] = [:]
    var unexpected: [String] = []

    mutating func add(_ other: RaceStats) {
        allocs += other.allocs; full += other.full; partial += other.partial; empty += other.empty
        frees += other.frees
        pagesChecked = pagesChecked.saturatingAdd(other.pagesChecked)
        badPages = badPages.saturatingAdd(other.badPages)
        errors.merge(other.errors, uniquingKeysWith: +)
        unexpected += other.unexpected
    }

    var summary: String {
        "\(allocs) allocations (\(full) full, \(partial) partial, \(empty) empty), \(frees) frees, "
            + "\(pagesChecked) pages stamp-checked, \(badPages) bad; errors: "
            + errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// Runs the plan on `plan.threads` threads; each opens its own control
/// file and also uses `shared`, so FREE and VERIFY of one file race too.
struct RaceRunner {
    let plan: RacePlan
    let shared: ControlFile

    /// Allocator errors a racing caller may see: someone else holds the
    /// range (EBUSY), it ran dry (ENOMEM), a loop hit its deadline (ETIME).
    static let allowedErrors: Set<Errno> = [.resourceBusy, .noMemory, .timeout, .resourceTemporarilyUnavailable]

    func run() -> RaceStats {
        if let problem = plan.problem {
            var stats = RaceStats()
            stats.unexpected.append("race plan: \(problem)")
            return stats
        }
        let (plan, shared) = (plan, shared)
        return RaceThreads.run(plan.threads) { index in
            RaceWorker(plan: plan, shared: shared, index: index).run()
        }.reduce(into: RaceStats()) { $0.add($1) }
    }
}

private struct Holding {
    var file: ControlFile
    var handle: UInt64
    var pieces: UInt64
    var label: String
}

private struct RaceWorker: Sendable {
    let plan: RacePlan
    let shared: ControlFile
    let index: Int

    func run() -> RaceStats {
        var stats = RaceStats()
        guard let own = try? ControlFile.open(plan.controlPath) else {
            stats.unexpected.append("thread \(index): cannot open \(plan.controlPath)")
            return stats
        }
        defer { own.close() }
        var rng = SplitMix64(seed: plan.seed, thread: index)
        var held: [Holding] = []
        let end = plan.end(from: Clock.nowNs())
        while Clock.nowNs() < end {
            if !held.isEmpty && (held.count >= plan.maxHeld || rng.next() % 100 < 40) {
                let victim = held.remove(at: Int(rng.next() % UInt64(held.count)))
                checkAndFree(victim, &stats)
            } else {
                let file = rng.next() % 2 == 0 ? own : shared
                guard let r = plan.request(using: &rng) else { break }
                if let h = allocate(r, on: file, &stats) { held.append(h) }
            }
        }
        for h in held { checkAndFree(h, &stats) }
        return stats
    }

    private func allocate(_ r: AllocRequest, on file: ControlFile, _ stats: inout RaceStats) -> Holding? {
        let result: AllocResult
        do {
            result = try file.alloc(r)
        } catch {
            note(error, "alloc \(r.label)", &stats)
            return nil
        }
        stats.allocs += 1
        if result.error != 0 {
            let errno = Errno(rawValue: -result.error)
            stats.errors["\(errno)", default: 0] += 1
            if !RaceRunner.allowedErrors.contains(errno) {
                stats.unexpected.append("\(r.label): allocator error \(errno)")
            }
        }
        if result.obtained == 0 {
            stats.empty += 1
            if result.handle != 0 { stats.unexpected.append("\(r.label): a handle for nothing") }
            return nil
        }
        if result.obtained == r.count { stats.full += 1 } else { stats.partial += 1 }
        if result.obtained > r.count { stats.unexpected.append("\(r.label): \(result.obtained) > \(r.count)") }
        let h = Holding(file: file, handle: result.handle, pieces: result.obtained,
                        label: "\(r.label) \(result.obtained) x order-\(r.order)")
        do {
            let v = try file.verify(handle: h.handle, range: plan.area.basePFN..<plan.area.endPFN,
                                    contents: .stamp)
            if !v.isClean || v.pieces != h.pieces || v.order != r.order {
                stats.unexpected.append("\(h.label): at allocation \(AllocCommand.describe(v))")
            }
        } catch {
            note(error, "stamp \(h.label)", &stats)
        }
        return h
    }

    private func checkAndFree(_ h: Holding, _ stats: inout RaceStats) {
        do {
            let v = try h.file.verify(handle: h.handle, contents: .check)
            stats.pagesChecked = stats.pagesChecked.saturatingAdd(v.pieces << UInt64(v.order))
            stats.badPages = stats.badPages.saturatingAdd(v.badPages)
            if !v.isClean { stats.unexpected.append("\(h.label): before free \(AllocCommand.describe(v))") }
            let f = try h.file.free(handle: h.handle)
            stats.frees += 1
            if f.freed != h.pieces { stats.unexpected.append("\(h.label): freed \(f.freed)") }
        } catch {
            note(error, "free \(h.label)", &stats)
        }
    }

    /// An ioctl that failed: its errno is counted, and no errno is allowed
    /// for requests that are valid.
    private func note(_ error: any Error, _ what: String, _ stats: inout RaceStats) {
        if case let PagebulkError.system(_, _, errno) = error {
            stats.errors["ioctl \(errno)", default: 0] += 1
        }
        stats.unexpected.append("\(what): \(error)")
    }
}
