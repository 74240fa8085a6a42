#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import PagebulkKit
import SystemPackage

/// What the race threads do: allocate with every range method on
/// overlapping pfns of one CMA area, stamp what they get, and check the
/// stamp just before freeing it. A page handed out twice, or freed while
/// held, shows up as a bad page in one of the two holders. Beside them a
/// thief FREEs the shared file's next handle ids as they are handed out
/// (`RaceThief`), and a churn pins and unpins pages of the area on that
/// file (`PinChurn`).
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
    /// One more thread that FREEs the ids the next ALLOCs on the shared
    /// file will get (see `RaceThief`).
    var thief = true
    /// One more thread that pins and unpins pages of the area on the
    /// shared file (see `PinChurn`); PIN needs the module's CMA exports.
    var pinChurn = true
    /// Most pages one PIN of the churn asks for.
    var maxPins: UInt64 = 16

    /// What each of the plan's threads does: `threads` allocate, then
    /// the thief and the pin churn when the plan has them.
    enum Role: Equatable, Sendable {
        case allocator(Int)
        case thief
        case pinChurn
    }

    var threadCount: Int { max(0, threads) + (thief ? 1 : 0) + (pinChurn ? 1 : 0) }

    func role(of index: Int) -> Role {
        if index < threads { return .allocator(index) }
        if thief && index == max(0, threads) { return .thief }
        return .pinChurn
    }

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
        MonotonicClock.deadline(after: seconds, from: start)
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
    /// Holdings on the shared file whose VERIFY or FREE met ENOENT: the
    /// thief had freed them.
    var stolen = 0
    /// The allocator's result errors and the ioctl errnos, by name.
    var errors: [String: Int] = [:]
    var unexpected: [String] = []
    /// The race's extra threads, when the plan had them.
    var thief: ThiefStats?
    var pinChurn: PinChurnStats?

    mutating func add(_ other: RaceStats) {
        allocs += other.allocs; full += other.full; partial += other.partial; empty += other.empty
        frees += other.frees
        stolen += other.stolen
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

/// What one of the race's threads hands back.
enum RaceThreadResult: Sendable {
    case allocator(RaceStats, SharedHandleLedger)
    case thief(ThiefStats, SharedHandleLedger)
    case pinChurn(PinChurnStats)
}

/// Runs the plan on `plan.threads` threads; each opens its own control
/// file and also uses `shared`, so FREE and VERIFY of one file race too.
/// The thief and the pin churn, when planned, run on `shared` only: handles
/// and pins belong to the open file. `shared` is the owner's file lent by
/// `ControlFile.withShared`: `run()` returns only once every thread is done.
struct RaceRunner {
    let plan: RacePlan
    let shared: ControlFile.Shared

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
        let board = HandleBoard()
        let results = RaceThreads.run(plan.threadCount) { index -> RaceThreadResult in
            switch plan.role(of: index) {
            case let .allocator(n):
                let (stats, ledger) = RaceWorker(plan: plan, shared: shared, board: board, index: n).run()
                return .allocator(stats, ledger)
            case .thief:
                let (stats, ledger) = RaceThief(plan: plan, shared: shared, board: board).run()
                return .thief(stats, ledger)
            case .pinChurn:
                return .pinChurn(PinChurn(plan: plan, shared: shared, index: index).run())
            }
        }
        return Self.combine(results)
    }

    /// All threads' counts; the shared file's handles are reconciled once
    /// every thread is done, since owner and thief see each a half.
    static func combine(_ results: [RaceThreadResult]) -> RaceStats {
        var stats = RaceStats()
        var ledger = SharedHandleLedger()
        var thief: ThiefStats?
        for result in results {
            switch result {
            case let .allocator(s, l):
                stats.add(s)
                ledger.merge(l)
            case let .thief(t, l):
                thief = t
                ledger.merge(l)
            case let .pinChurn(p):
                stats.pinChurn = p
            }
        }
        if var thief {
            thief.ledger = ledger.reconcile()
            stats.thief = thief
        }
        return stats
    }
}

private struct Holding {
    /// The thread's own file or the shared one, both lent for the thread's run.
    var file: ControlFile.Shared
    /// On the shared file, where the thief may free it.
    var onShared: Bool
    var handle: UInt64
    var pieces: UInt64
    var label: String
}

private struct RaceWorker: Sendable {
    let plan: RacePlan
    let shared: ControlFile.Shared
    let board: HandleBoard
    let index: Int

    func run() -> (RaceStats, SharedHandleLedger) {
        var stats = RaceStats()
        var ledger = SharedHandleLedger()
        let own: ControlFile
        do {
            own = try ControlFile.open(plan.controlPath)
        } catch {
            stats.unexpected.append("thread \(index): cannot open \(plan.controlPath)")
            return (stats, ledger)
        }
        // Holdings name their file; this thread's own is lent to them
        // for as long as it runs, and closes when it returns.
        own.withShared { run(own: $0, &stats, &ledger) }
        return (stats, ledger)
    }

    private func run(own: ControlFile.Shared, _ stats: inout RaceStats, _ ledger: inout SharedHandleLedger) {
        var rng = SplitMix64(seed: plan.seed, thread: index)
        var held: [Holding] = []
        let end = plan.end(from: MonotonicClock.nowNs())
        while MonotonicClock.nowNs() < end {
            if !held.isEmpty && (held.count >= plan.maxHeld || rng.next() % 100 < 40) {
                let victim = held.remove(at: Int(rng.next() % UInt64(held.count)))
                checkAndFree(victim, &stats, &ledger)
            } else {
                let onShared = rng.next() % 2 != 0
                guard let r = plan.request(using: &rng) else { break }
                if let h = allocate(r, on: onShared ? shared : own, onShared: onShared, &stats, &ledger) {
                    held.append(h)
                }
            }
        }
        for h in held { checkAndFree(h, &stats, &ledger) }
    }

    private func allocate(_ r: AllocRequest, on file: ControlFile.Shared, onShared: Bool, _ stats: inout RaceStats,
                          _ ledger: inout SharedHandleLedger) -> Holding? {
        let result: AllocResult
        do {
            result = try file.alloc(r)
        } catch {
            note(error, "alloc \(r.label)", &stats)
            return nil
        }
        stats.allocs += 1
        if onShared && result.handle != 0 {
            // Tell the thief at once: it aims just above the newest id.
            board.publish(result.handle)
            ledger.recordAllocation(result.handle, pieces: result.obtained, order: r.order)
        }
        if result.error != 0 {
            // 0 &- keeps a corrupted Int32.min from trapping.
            let errno = Errno(rawValue: 0 &- result.error)
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
        let h = Holding(file: file, onShared: onShared, handle: result.handle, pieces: result.obtained,
                        label: "\(r.label) \(result.obtained) x order-\(r.order)")
        do {
            let v = try file.verify(handle: h.handle, range: plan.area.basePFN..<plan.area.endPFN,
                                    contents: .stamp)
            if !v.isClean || v.pieces != h.pieces || v.order != r.order {
                stats.unexpected.append("\(h.label): at allocation \(AllocCommand.describe(v))")
            }
        } catch {
            if stolen(h, error, &stats, &ledger) { return nil }
            note(error, "stamp \(h.label)", &stats)
        }
        return h
    }

    private func checkAndFree(_ h: Holding, _ stats: inout RaceStats, _ ledger: inout SharedHandleLedger) {
        do {
            let v = try h.file.verify(handle: h.handle, contents: .check)
            stats.pagesChecked = stats.pagesChecked.saturatingAdd(v.pieces << UInt64(v.order))
            stats.badPages = stats.badPages.saturatingAdd(v.badPages)
            if !v.isClean { stats.unexpected.append("\(h.label): before free \(AllocCommand.describe(v))") }
            let f = try h.file.free(handle: h.handle)
            stats.frees += 1
            if h.onShared { ledger.recordOwnerFree(h.handle, pieces: f.freed) }
            if f.freed != h.pieces { stats.unexpected.append("\(h.label): freed \(f.freed)") }
        } catch {
            if stolen(h, error, &stats, &ledger) { return }
            note(error, "free \(h.label)", &stats)
        }
    }

    /// Whether `error` is ENOENT for a holding of the shared file: the
    /// thief freed it, which is counted, not an error. On a thread's own
    /// file nobody else can free a handle, so ENOENT there stays an error.
    private func stolen(_ h: Holding, _ error: any Error, _ stats: inout RaceStats,
                        _ ledger: inout SharedHandleLedger) -> Bool {
        guard h.onShared, case let PagebulkError.system(_, _, errno) = error,
              errno == .noSuchFileOrDirectory else { return false }
        stats.stolen += 1
        ledger.recordStolen(h.handle)
        return true
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
