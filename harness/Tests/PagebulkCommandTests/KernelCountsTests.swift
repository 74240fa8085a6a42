import PagebulkKit
import PagebulkReport
import Testing
@testable import pagebulk

/// Checks on numbers from the kernel fail with the numbers; they never trap.
@Suite struct KernelCountsTests {
    @Test func aCounterThatWentBackwardsFailsItsCheck() throws {
        #expect(try UInt64(10).growth(since: 4, of: "killed_pages") == 6)
        #expect(throws: CheckFailure.self) { try UInt64(3).growth(since: 5, of: "killed_pages") }
        do {
            _ = try UInt64(3).growth(since: 5, of: "killed_pages")
        } catch {
            #expect(error.description == "killed_pages went backwards from 5 to 3")
        }
    }

    @Test func aCheckListRecordsTheFailureAndGoesOn() {
        var list = CheckList()
        list.check("kill") { _ = try UInt64(0).growth(since: .max, of: "closed_pages") }
        list.check("next") {}
        #expect(list.summaryLine == "1 passed, 1 failed")
        #expect(list.outcomes[0].detail == "closed_pages went backwards from \(UInt64.max) to 0")
    }

    @Test func percentagesAreExactAtAnySize() {
        #expect(UInt64(99).isAtLeast(percent: 99, of: 100))
        #expect(!UInt64(98).isAtLeast(percent: 99, of: 100))
        #expect(UInt64.max.isAtLeast(percent: 99, of: .max))
        #expect(!(UInt64.max / 2).isAtLeast(percent: 99, of: .max))
        #expect(UInt64(0).isAtLeast(percent: 99, of: 0))
    }

    @Test func totalsSaturate() {
        #expect(UInt64.max.saturatingAdd(1) == .max)
        #expect(UInt64(2).saturatingAdd(3) == 5)
    }

    @Test func aCorruptedCMAAreaStillHasARange() throws {
        let json = #"{"index": 0, "name": "reserved", "basePFN": 18446744073709551000, "pages": 4096}"#
        let area = try JSONText.decode(ModuleInfo.CMAArea.self, from: json)
        #expect(area.endPFN == .max)
        #expect((area.basePFN..<area.endPFN).isEmpty == false)
    }

    func plan(_ window: Range<UInt64>, methods: [AllocMethod] = [.rangeBulk, .contigRange, .cmaBulk],
              seconds: Double = 1, threads: Int = 2) throws -> RacePlan {
        let area = try JSONText.decode(ModuleInfo.CMAArea.self,
                                   from: #"{"index": 0, "name": "reserved", "basePFN": 262144, "pages": 128000}"#)
        return RacePlan(controlPath: "/dev/null", area: area, window: window, methods: methods, threads: threads,
                        seconds: seconds, seed: 1)
    }

    /// A window or method list from a broken INFO fails the race check
    /// ("race plan: ...") instead of dividing by zero.
    @Test func aRacePlanTheKernelBrokeIsAProblemNotATrap() throws {
        var rng = SplitMix64(seed: 7)
        let tiny = try plan(262_144..<262_400)
        #expect(tiny.problem?.contains("smaller than a pageblock") == true)
        #expect(tiny.request(using: &rng) == nil)
        let none = try plan(262_144..<270_336, methods: [])
        #expect(none.problem == "the module offers none of the range methods")
        #expect(none.request(using: &rng) == nil)
        #expect(try plan(262_144..<270_336, seconds: .nan).problem != nil)
        #expect(try plan(262_144..<270_336, threads: 0).problem != nil)
        #expect(try plan(262_144..<270_336).problem == nil)
        // The plan is refused before any thread touches the file.
        let file = try ControlFile.open("/dev/null")
        let stats = file.withShared { RaceRunner(plan: tiny, shared: $0).run() }
        #expect(stats.unexpected.count == 1 && stats.allocs == 0)
    }

    @Test func raceRequestsStayInsideTheWindow() throws {
        let window: Range<UInt64> = 262_144..<270_336
        let p = try plan(window)
        var rng = SplitMix64(seed: 3)
        for _ in 0..<2000 {
            let r = try #require(p.request(using: &rng))
            guard r.method == .rangeBulk || r.method == .contigRange else { continue }
            let start = try #require(r.startPFN), end = try #require(r.endPFN)
            #expect(window.lowerBound <= start && start < end && end <= window.upperBound)
            if r.method == .contigRange { #expect(r.count << UInt64(r.order) <= end - start) }
        }
        #expect(p.end(from: .max - 1) == .max)
    }
}
