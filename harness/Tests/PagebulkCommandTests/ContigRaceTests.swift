import Foundation
import PagebulkKit
import Synchronization
import Testing
@testable import pagebulk

/// `pagebulk contig-race`: the windows it asks for, what it counts, and
/// the checks that end it.
@Suite struct ContigRaceTests {
    func plan(_ range: Range<UInt64>, threads: Int = 2, seconds: Double = 1,
              control: String = "/dev/null") -> ContigRacePlan {
        ContigRacePlan(controlPath: control, range: range, threads: threads, seconds: seconds, seed: 1)
    }

    @Test func windowsAreOneOrTwoAlignedPageblocksInsideTheRange() throws {
        let range: Range<UInt64> = 65_536..<67_584  // 4 pageblocks
        let p = plan(range)
        #expect(p.problem == nil && p.blocks == 4)
        var rng = SplitMix64(seed: 9)
        var sizes: Set<UInt64> = [], starts: Set<UInt64> = []
        for _ in 0..<2000 {
            let w = try #require(p.window(using: &rng))
            #expect(range.lowerBound <= w.lowerBound && w.upperBound <= range.upperBound)
            #expect(w.lowerBound % 512 == 0 && w.upperBound % 512 == 0)
            sizes.insert((w.upperBound - w.lowerBound) / 512)
            starts.insert(w.lowerBound)
            let r = ContigRacePlan.request(w)
            #expect(r.method == .contigRange && r.order == 9 && r.mode == .default && r.cmaArea == nil)
            #expect(r.startPFN == w.lowerBound && r.endPFN == w.upperBound)
            #expect(r.count << 9 == w.upperBound - w.lowerBound)
        }
        #expect(sizes == [1, 2])
        #expect(starts == [65_536, 66_048, 66_560, 67_072])
    }

    @Test func aRangeAtTheEndOfThePfnSpaceDoesNotTrap() throws {
        let top = UInt64.max - UInt64.max % 512
        let p = plan((top - 4 * 512)..<top)
        var rng = SplitMix64(seed: 1)
        for _ in 0..<200 {
            let w = try #require(p.window(using: &rng))
            #expect(w.upperBound <= top)
        }
    }

    @Test func aPlanThatCannotRunIsAProblemNotATrap() {
        var rng = SplitMix64(seed: 1)
        #expect(plan(0..<511).problem != nil)
        #expect(plan(0..<511).window(using: &rng) == nil)
        #expect(plan(100..<4196).problem?.contains("not pageblock-aligned") == true)
        #expect(plan(0..<2048, threads: 0).problem != nil)
        #expect(plan(0..<2048, seconds: .nan).problem != nil)
        #expect(plan(0..<2048, seconds: .infinity).problem != nil)
        let stats = ContigRaceRunner(plan: plan(0..<511)).run()
        #expect(stats.calls == 0 && stats.unexpectedCount == 1)
        #expect(stats.unexpected.first?.hasPrefix("race plan:") == true)
    }

    @Test func raceThreadsReturnInOrderAndTickWhileRunning() {
        let ticks = Mutex(0)
        let results = RaceThreads.run(3, tickEvery: 0.1, tick: { ticks.withLock { $0 += 1 } }) { index in
            Thread.sleep(forTimeInterval: 0.5)
            return index * 10
        }
        #expect(results == [0, 10, 20])
        #expect(ticks.withLock { $0 } >= 2)
        #expect(RaceThreads.run(0) { $0 }.isEmpty)
        #expect(RaceThreads.run(2) { $0 + 1 } == [1, 2])
    }

    @Test func deadlinesSaturate() {
        #expect(MonotonicClock.deadline(after: 1, from: .max - 1) == .max)
        #expect(MonotonicClock.deadline(after: 1e300, from: 5) == .max)
        #expect(MonotonicClock.deadline(after: .nan, from: 5) == 5)
        #expect(MonotonicClock.deadline(after: -1, from: 5) == 5)
        #expect(MonotonicClock.deadline(after: 0.5, from: 0) == 500_000_000)
    }

    @Test func statsMergeAndKeepAFewMessages() {
        var a = ContigRaceStats()
        a.calls = 10; a.full = 3; a.frees = 3
        a.failed = ["EBUSY": 6, "ENOMEM": 1]
        var b = ContigRaceStats()
        b.calls = 5
        b.failed = ["EBUSY": 4, "EINVAL": 1]
        for i in 0..<25 { b.flag("oops \(i)") }
        #expect(b.unexpectedCount == 25 && b.unexpected.count == ContigRaceStats.keptMessages)
        a.add(b)
        #expect(a.calls == 15 && a.full == 3 && a.failed == ["EBUSY": 10, "ENOMEM": 1, "EINVAL": 1])
        #expect(a.unexpectedCount == 25 && a.unexpected.count == ContigRaceStats.keptMessages)
        #expect(a.summary == "15 calls, 3 full, 3 frees; failed: EBUSY 10, EINVAL 1, ENOMEM 1; 25 unexpected")
        #expect(ContigRaceStats().summary == "0 calls, 0 full, 0 frees; failed: none; 0 unexpected")
    }

    @Test func errnoNames() {
        #expect(ContigRaceStats.name(16) == "EBUSY")
        #expect(ContigRaceStats.name(12) == "ENOMEM")
        #expect(ContigRaceStats.name(22) == "EINVAL")
        #expect(ContigRaceStats.name(Int32.min) == "errno \(Int32.min)")
        #expect(ContigRaceStats.allowedErrors == [16, 12])
    }

    @Test func theChecksNeedCallsAndNoSurprises() {
        var good = ContigRaceStats()
        good.calls = 100
        good.failed = ["EBUSY": 60, "ENOMEM": 2]
        var list = CheckList()
        ContigRaceCommand.check(good, &list)
        #expect(list.summaryLine == "2 passed, 0 failed")
        #expect(list.outcomes.map(\.name) == ["no unexpected errors", "at least 100 calls made"])

        var idle = ContigRaceStats()
        idle.calls = 99
        list = CheckList()
        ContigRaceCommand.check(idle, &list)
        #expect(list.summaryLine == "1 passed, 1 failed")
        #expect(list.outcomes[1].detail == "99 calls")

        var odd = good
        odd.flag("contig-range pfn 0..<512: allocator error EINVAL")
        list = CheckList()
        ContigRaceCommand.check(odd, &list)
        #expect(list.summaryLine == "1 passed, 1 failed")
        #expect(list.outcomes[0].detail?.contains("allocator error EINVAL") == true)
    }

    /// /dev/null refuses the ioctl: every thread records it once and
    /// stops, rather than spinning or trapping.
    @Test func aFileThatRefusesTheIoctlStopsEachThread() {
        let stats = ContigRaceRunner(plan: plan(0..<2048, threads: 3, seconds: 5)).run()
        #expect(stats.calls == 0 && stats.unexpectedCount == 3)
        #expect(stats.failed == ["ioctl ENOTTY": 3])
        let missing = ContigRaceRunner(plan: plan(0..<2048, seconds: 5, control: "/nonexistent/control")).run()
        #expect(missing.calls == 0 && missing.unexpectedCount == 2)
    }
}
