#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import ArgumentParser
import Foundation
import PagebulkKit
import Synchronization
import SystemPackage

/// `pagebulk contig-race`: threads call alloc_contig_range() (the module's
/// contig-range method) on overlapping windows of one and two pageblocks
/// of movable memory, and free what they get. Needs no CMA area, so it
/// runs on the module built against a stock kernel. On stock 6.12 a caller
/// whose isolation fails undoes its whole range, un-isolating a pageblock
/// another caller isolated; a DEBUG_VM kernel then stops at
/// VM_BUG_ON(!is_migrate_isolate(mt)) in isolate_single_pageblock(). That
/// splat is caught outside, in the guest's dmesg; here the run must make
/// calls and see no errno but EBUSY and ENOMEM.
struct ContigRaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contig-race",
        abstract: "Race alloc_contig_range() (contig-range) on overlapping 1- and 2-pageblock windows; needs no CMA area.")

    @OptionGroup var module: ModuleOptions
    @Option(help: "First pfn of a range of movable memory; a multiple of 512 (one 2 MiB pageblock).")
    var start: UInt64
    @Option(help: "One past the last pfn; a multiple of 512, at least 4 pageblocks past --start. The fewer pageblocks, the more often the threads' windows overlap.")
    var end: UInt64
    @Option(help: "Threads calling at once (2 to 64).") var threads: Int = 4
    @Option(help: "Seconds the threads run.") var seconds: Double = 30
    @Option(help: "Seed for the windows.") var seed: UInt64 = 1

    func validate() throws {
        guard end > start else { throw ValidationError("--end (\(end)) must be more than --start (\(start))") }
        let block = ContigRacePlan.pageblockPages
        guard start % block == 0, end % block == 0 else {
            throw ValidationError("--start (\(start)) and --end (\(end)) must be multiples of \(block) (one 2 MiB pageblock)")
        }
        let blocks = (end - start) / block
        guard blocks >= ContigRacePlan.minimumBlocks else {
            throw ValidationError("--start..--end must hold at least \(ContigRacePlan.minimumBlocks) pageblocks,"
                                  + " not \(blocks)")
        }
        guard (2...64).contains(threads) else { throw ValidationError("--threads must be 2 to 64, not \(threads)") }
        // Parsed as a Double, so "nan" and "inf" get here too.
        guard seconds > 0, seconds.isFinite else {
            throw ValidationError("--seconds must be more than 0 and finite, not \(seconds)")
        }
    }

    /// Calls the run must make, so that it cannot pass by doing nothing.
    static let minimumCalls = 100

    func run() throws {
        let plan = ContigRacePlan(controlPath: module.control, range: start..<end, threads: threads,
                                  seconds: seconds, seed: seed)
        let stats = try module.withControl { file in
            let info = try file.info()
            guard info.supports(.contigRange) else {
                throw HarnessError.methodNotOffered(AllocMethod.contigRange.rawValue,
                                                    have: info.methods.map(\.rawValue))
            }
            print("# contig-race: \(plan.description)")
            // A kernel BUG may leave this process stuck: show what it was doing.
            fflush(nil)
            return ContigRaceRunner(plan: plan).run()
        }
        print("# \(stats.summary)")
        for line in stats.unexpected { print("# unexpected: \(line)") }
        var list = CheckList()
        Self.check(stats, &list)
        print(list.summaryLine)
        if list.failed > 0 { throw ExitCode(1) }
    }

    static func check(_ stats: ContigRaceStats, _ list: inout CheckList) {
        list.check("no unexpected errors") {
            try expect(stats.unexpectedCount == 0,
                       "\(stats.unexpectedCount) unexpected: " + stats.unexpected.prefix(3).joined(separator: "; "))
        }
        list.check("at least \(minimumCalls) calls made") {
            try expect(stats.calls >= minimumCalls, "\(stats.calls) calls")
        }
    }
}

/// Where and how long the threads race.
struct ContigRacePlan: Sendable, CustomStringConvertible {
    static let pageblockPages: UInt64 = 512
    static let minimumBlocks: UInt64 = 4
    /// Windows span 1 to this many pageblocks.
    static let maximumWindowBlocks: UInt64 = 2

    var controlPath: String
    var range: Range<UInt64>
    var threads: Int
    var seconds: Double
    var seed: UInt64

    /// Whole pageblocks in the range (Range.count is an Int and traps).
    var blocks: UInt64 { (range.upperBound - range.lowerBound) / Self.pageblockPages }

    var description: String {
        "\(threads) threads, \(seconds) s, pfn \(range.lowerBound)..<\(range.upperBound) (\(blocks) pageblocks), "
            + "windows of 1 or 2 pageblocks, seed \(seed)"
    }

    /// Why the plan cannot run, nil when it can (`validate()` refuses these
    /// before a plan is made; this keeps a plan made elsewhere from trapping).
    var problem: String? {
        if threads < 1 { return "\(threads) threads" }
        if !(seconds > 0 && seconds.isFinite) { return "\(seconds) seconds" }
        if range.lowerBound % Self.pageblockPages != 0 { return "pfn \(range.lowerBound) is not pageblock-aligned" }
        if blocks < 1 { return "pfn \(range.lowerBound)..<\(range.upperBound) holds no whole pageblock" }
        return nil
    }

    /// A random window of 1 or 2 pageblocks at a pageblock-aligned offset
    /// inside the range; nil when the range holds no whole pageblock.
    func window(using rng: inout SplitMix64) -> Range<UInt64>? {
        let blocks = self.blocks
        guard blocks > 0 else { return nil }
        let size = 1 + rng.next() % min(Self.maximumWindowBlocks, blocks)
        // size <= blocks, so first + size <= blocks and nothing overflows.
        let first = rng.next() % (blocks - size + 1)
        let lower = range.lowerBound + first * Self.pageblockPages
        return lower..<(lower + size * Self.pageblockPages)
    }

    /// ALLOC of the whole window as order-9 pieces, one per pageblock.
    static func request(_ window: Range<UInt64>) -> AllocRequest {
        AllocRequest(method: .contigRange, order: 9, count: (window.upperBound - window.lowerBound) / pageblockPages,
                     startPFN: window.lowerBound, endPFN: window.upperBound)
    }
}

/// All threads' counts.
struct ContigRaceStats: Codable, Sendable {
    /// Messages kept of the unexpected; all are counted.
    static let keptMessages = 20

    /// ALLOC calls the module answered, and those that got the whole window.
    var calls = 0, full = 0, frees = 0
    /// Failed calls by errno name: the allocator's ("EBUSY") and the ioctl's ("ioctl EINVAL").
    var failed: [String: Int] = [:]
    var unexpectedCount = 0
    var unexpected: [String] = []

    mutating func flag(_ message: String) {
        unexpectedCount += 1
        if unexpected.count < Self.keptMessages { unexpected.append(message) }
    }

    mutating func add(_ other: ContigRaceStats) {
        calls += other.calls; full += other.full; frees += other.frees
        failed.merge(other.failed, uniquingKeysWith: +)
        unexpectedCount += other.unexpectedCount
        unexpected += other.unexpected.prefix(max(0, Self.keptMessages - unexpected.count))
    }

    var summary: String {
        let byErrno = failed.isEmpty ? "none"
            : failed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(calls) calls, \(full) full, \(frees) frees; failed: \(byErrno); \(unexpectedCount) unexpected"
    }

    /// The allocator's answers a racing caller may get: someone else holds
    /// part of the window (EBUSY), or it could not be emptied (ENOMEM).
    static let allowedErrors: Set<Int32> = [EBUSY, ENOMEM]

    /// "EBUSY" for the errnos a run may show, "errno N" for any other.
    static func name(_ errno: Int32) -> String {
        let names: [Int32: String] = [
            EBUSY: "EBUSY", ENOMEM: "ENOMEM", EINTR: "EINTR", EINVAL: "EINVAL", EAGAIN: "EAGAIN",
            EIO: "EIO", EFAULT: "EFAULT", ENOTTY: "ENOTTY", EOPNOTSUPP: "EOPNOTSUPP", ETIME: "ETIME",
            EPERM: "EPERM", EACCES: "EACCES", ENOENT: "ENOENT", EPROTO: "EPROTO", ERANGE: "ERANGE",
        ]
        return names[errno] ?? "errno \(errno)"
    }
}

/// Counters the threads bump as they go, for the progress lines.
final class ContigRaceProgress: Sendable {
    let calls = Atomic<Int>(0)
    let full = Atomic<Int>(0)
    let unexpected = Atomic<Int>(0)
}

struct ContigRaceRunner {
    let plan: ContigRacePlan

    func run() -> ContigRaceStats {
        if let problem = plan.problem {
            var stats = ContigRaceStats()
            stats.flag("race plan: \(problem)")
            return stats
        }
        let plan = self.plan
        let progress = ContigRaceProgress()
        let started = MonotonicClock.nowNs()
        // About six progress lines a run, at most one every 5 s.
        let interval = max(5, plan.seconds / 6)
        return RaceThreads.run(plan.threads, tickEvery: interval, tick: {
            let elapsed = Double(MonotonicClock.nowNs() &- started) / 1e9
            print("# \(Int(elapsed.rounded())) s: \(progress.calls.load(ordering: .relaxed)) calls, "
                  + "\(progress.full.load(ordering: .relaxed)) full, "
                  + "\(progress.unexpected.load(ordering: .relaxed)) unexpected")
            fflush(nil)
        }) { index in
            ContigRaceWorker(plan: plan, index: index, progress: progress).run()
        }.reduce(into: ContigRaceStats()) { $0.add($1) }
    }
}

/// One thread: its own control file, so its calls never wait on another
/// thread's; it frees each handle before its next call.
private struct ContigRaceWorker: Sendable {
    let plan: ContigRacePlan
    let index: Int
    let progress: ContigRaceProgress

    func run() -> ContigRaceStats {
        var stats = ContigRaceStats()
        let file: ControlFile
        do {
            file = try ControlFile.open(plan.controlPath)
        } catch {
            flag("thread \(index): \(error)", &stats)
            return stats
        }
        var rng = SplitMix64(seed: plan.seed, thread: index)
        let end = MonotonicClock.deadline(after: plan.seconds, from: MonotonicClock.nowNs())
        while MonotonicClock.nowNs() < end {
            guard let window = plan.window(using: &rng) else {
                flag("thread \(index): no window in the range", &stats)
                break
            }
            // A failed ioctl means the file or the module is broken: stop.
            guard call(ContigRacePlan.request(window), on: file, &stats) else { break }
        }
        return stats
    }

    /// One ALLOC and, when it got a handle, its FREE. False when an ioctl
    /// failed.
    private func call(_ r: AllocRequest, on file: borrowing ControlFile, _ stats: inout ContigRaceStats) -> Bool {
        let what = "\(r.label) pfn \(r.startPFN ?? 0)..<\(r.endPFN ?? 0)"
        let result: AllocResult
        do {
            result = try file.alloc(r)
        } catch {
            ioctlFailed(error, "alloc \(what)", &stats)
            return false
        }
        stats.calls += 1
        progress.calls.wrappingAdd(1, ordering: .relaxed)
        if result.error == 0 {
            if result.obtained == r.count && result.handle != 0 {
                stats.full += 1
                progress.full.wrappingAdd(1, ordering: .relaxed)
            } else {
                flag("\(what): no error, but \(result.obtained) of \(r.count) pieces, handle \(result.handle)", &stats)
            }
        } else {
            // A negative errno; 0 &- keeps Int32.min from trapping.
            let errno = 0 &- result.error
            let name = ContigRaceStats.name(errno)
            stats.failed[name, default: 0] += 1
            if !ContigRaceStats.allowedErrors.contains(errno) { flag("\(what): allocator error \(name)", &stats) }
            if result.obtained != 0 || result.handle != 0 {
                flag("\(what): \(name) with \(result.obtained) pieces, handle \(result.handle)", &stats)
            }
        }
        guard result.handle != 0 else { return true }
        do {
            let f = try file.free(handle: result.handle)
            stats.frees += 1
            if f.freed != result.obtained { flag("\(what): freed \(f.freed) of \(result.obtained) pieces", &stats) }
        } catch {
            ioctlFailed(error, "free \(what)", &stats)
            return false
        }
        return true
    }

    private func ioctlFailed(_ error: any Error, _ what: String, _ stats: inout ContigRaceStats) {
        if case let PagebulkError.system(_, _, errno) = error {
            stats.failed["ioctl \(ContigRaceStats.name(errno.rawValue))", default: 0] += 1
        }
        flag("\(what): \(error)", &stats)
    }

    private func flag(_ message: String, _ stats: inout ContigRaceStats) {
        stats.flag(message)
        progress.unexpected.wrappingAdd(1, ordering: .relaxed)
    }
}
