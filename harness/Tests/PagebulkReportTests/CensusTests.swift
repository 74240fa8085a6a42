import CPagebulk
import Foundation
import Testing
@testable import PagebulkKit
@testable import PagebulkReport

/// The census a scenario takes before each call, the bound it gives, the
/// fair schedule, and how a report shows them.
@Suite struct CensusTests {
    static func block(free: UInt16 = 0, movable: UInt16 = 0, pinned: UInt16 = 0,
                      unmovable: UInt16 = 0) -> RangeCensus.Block {
        RangeCensus.Block(free: free, movable: movable, pinned: pinned, unmovable: unmovable)
    }

    static func census(_ blocks: [RangeCensus.Block]) throws -> RangeCensus {
        var c = try idle()
        c.blocks = blocks
        return c
    }

    static func idle() throws -> RangeCensus {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let data = try Data(contentsOf: url.appendingPathComponent("census/idle-cma-500M.json"))
        return try JSONDecoder().decode(RangeCensus.self, from: data)
    }

    @Test func capturedIdleAreaIsAllFree() throws {
        let c = try Self.idle()
        #expect(c.blocks.count == 250 && c.blockOrder == 9)
        #expect(c.free == c.endPFN - c.startPFN)
        #expect(c.inUse == 0)
        #expect(c.cheapestClearing(pieces: 4800, order: 4) == 0)
    }

    @Test func boundTakesCleanBlocksCheapestFirst() throws {
        // Order 8: two windows a block. Pinned and unmovable blocks are out.
        let c = try Self.census([
            Self.block(free: 12, movable: 500),
            Self.block(free: 500, movable: 11, pinned: 1),
            Self.block(free: 400, movable: 112),
            Self.block(free: 312, movable: 200),
            Self.block(free: 0, movable: 511, unmovable: 1),
        ])
        #expect(c.cheapestClearing(pieces: 2, order: 8) == 112)
        #expect(c.cheapestClearing(pieces: 3, order: 8) == 312)
        #expect(c.cheapestClearing(pieces: 6, order: 8) == 812)
        #expect(c.cheapestClearing(pieces: 7, order: 8) == nil)
        #expect(c.cheapestClearing(pieces: 1, order: 10) == nil)
    }

    @Test func scheduleIsSeededAndShufflesEachRound() {
        let s = TrialSchedule(seed: 42, refillPercent: 0, refillTimeoutSeconds: 1)
        let rounds = s.rounds(Array(0..<8), count: 20)
        #expect(rounds == s.rounds(Array(0..<8), count: 20))
        #expect(rounds.allSatisfy { $0.sorted() == Array(0..<8) })
        #expect(Set(rounds.map { $0 }).count > 1)
        #expect(rounds != TrialSchedule(seed: 43, refillPercent: 0, refillTimeoutSeconds: 1)
            .rounds(Array(0..<8), count: 20))
    }

    @Test func reportShowsTheRangeAtCallTime() throws {
        let request = AllocRequest(method: .cmaWhole, order: 4, count: 4800, cmaArea: 0)
        var busy = try Self.idle()
        busy.freeByOrder = Array(repeating: 0, count: 16)
        busy.freeOther = 0
        busy.lruFile = 128_000
        busy.dirty = 300
        busy.writeback = 40
        busy.pinned = 7
        busy.blocks = Array(repeating: Self.block(movable: 512), count: 250)
        let trials = (0..<3).map { n in
            AllocTrial(method: .cmaWhole, trial: n, request: request, result: AllocResult(pagebulk_alloc()),
                       free: nil, census: busy,
                       refillWait: RefillWait(waitedMs: 2000, reached: n > 0, inUse: 128_000))
        }
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        let d = AllocationDocument(
            scenario: .highorder, context: ctx,
            parameters: AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 3), trials: trials)
        let text = try #require(CensusText.table(d)).render()
        #expect(text.contains("cma-whole"))
        #expect(text.contains("100"))
        #expect(text.contains("300") && text.contains("40") && text.contains("2/3"))
        let untouched = AllocationDocument(
            scenario: .highorder, context: ctx,
            parameters: AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 1),
            trials: [AllocTrial(method: .cmaWhole, trial: 0, request: request,
                                result: AllocResult(pagebulk_alloc()), free: nil)])
        #expect(CensusText.table(untouched) == nil)
    }
}
