import CPagebulk
import Foundation
import Testing
@testable import PagebulkKit
@testable import PagebulkReport

/// The bound the pins leave (issue 14 part 6): windows of 1 << order pages
/// inside the area holding no pin, less those the census shows unmovable;
/// each call's yield against it, and which transient mode wins.
@Suite struct PinBoundTests {
    /// The captured 500 MiB area: pfn 265216..<393216, 250 pageblocks of 512.
    static let area: Range<UInt64> = 265_216..<393_216

    @Test func noPinsLeaveEveryWindow() throws {
        let b = try #require(PinBound.compute(area: Self.area, order: 4, pinned: []))
        #expect(b.windows == 8000 && b.pinnedWindows == 0 && b.pieces == 8000)
        #expect(b.reachable(7680) == 7680)
        #expect(b.unmovableWindows == nil)
    }

    @Test func aPinCostsItsWindowOnly() throws {
        let base = Self.area.lowerBound
        // Two pins in one window, one in the next, one at the last page,
        // one outside the area (ignored).
        let pinned = [base + 3, base + 15, base + 16, Self.area.upperBound - 1, Self.area.upperBound + 5]
        let b = try #require(PinBound.compute(area: Self.area, order: 4, pinned: pinned))
        #expect(b.pinnedWindows == 3 && b.pieces == 7997)
        // Order 9: one window per pageblock; the first three pins share one.
        let blocks = try #require(PinBound.compute(area: Self.area, order: 9, pinned: pinned))
        #expect(blocks.windows == 250 && blocks.pinnedWindows == 2 && blocks.pieces == 248)
    }

    @Test func unalignedAreaCountsWholeWindowsOnly() throws {
        let b = try #require(PinBound.compute(area: 10..<74, order: 4, pinned: [20]))
        // Windows 16..<32, 32..<48, 48..<64; 64..<80 sticks out.
        #expect(b.windows == 3 && b.pinnedWindows == 1 && b.pieces == 2)
        #expect(PinBound.compute(area: 0..<64, order: 32, pinned: []) == nil)
    }

    @Test func reachableIsTheLowerOfRequestAndBound() {
        let b = PinBound(windows: 8000, pinnedWindows: 250, unmovableWindows: 10)
        #expect(b.pinPieces == 7750 && b.pieces == 7740)
        #expect(b.reachable(7680) == 7680 && b.reachable(7800) == 7740)
        #expect(PinBound(windows: 3, pinnedWindows: 5).pieces == 0)
    }

    @Test func censusUnmovablePagesTakeWindowsThePinsLeft() throws {
        var c = try CensusTests.census(Array(repeating: CensusTests.block(free: 512), count: 250))
        // Block 0: 20 unmovable pages, no pin: at least 2 windows lost.
        c.blocks[0] = CensusTests.block(free: 492, unmovable: 20)
        // Block 1: 20 unmovable pages and 3 pins in distinct windows: the
        // pins' 3 cover the 2 at least.
        c.blocks[1] = CensusTests.block(free: 490, movable: 2, unmovable: 20)
        // Block 2: 1 DMA-pinned LRU page: one window.
        c.blocks[2] = CensusTests.block(free: 511, pinned: 1)
        let base = Self.area.lowerBound
        let pins = [base + 512, base + 512 + 16, base + 512 + 32]
        let b = try #require(PinBound.compute(area: Self.area, order: 4, pinned: pins, census: c))
        #expect(b.pinnedWindows == 3 && b.unmovableWindows == 3)
        #expect(b.pieces == 8000 - 3 - 3)
        // A whole unmovable block costs its 32 windows, no more.
        c.blocks[3] = CensusTests.block(unmovable: 512)
        let whole = try #require(PinBound.compute(area: Self.area, order: 4, pinned: pins, census: c))
        #expect(whole.unmovableWindows == 3 + 32)
    }

    static func trial(_ request: AllocRequest, _ n: Int, obtained: UInt64, ns: UInt64 = 1_000_000,
                      group: String?, bound: PinBound?, expired: UInt64 = 0) -> AllocTrial {
        var raw = pagebulk_alloc()
        raw.handle = obtained > 0 ? 1 : 0
        raw.nr_obtained = obtained
        raw.elapsed_ns = ns
        var t = AllocTrial(method: request.method, trial: n, pins: 250, request: request,
                           result: AllocResult(raw), free: nil)
        t.pinGroup = group
        t.bound = bound
        t.pinResult = PinResult(pinned: 250, taken: 4, pinnedBlocks: 200, pinnedWindows: 248, expired: expired)
        return t
    }

    static let context = RunContext(kernelRelease: "6.12.117", environment: ["PAGEBULK_ACCEL": "tcg"], cmdline: nil)

    @Test func yieldAgainstTheBoundPerGroup() throws {
        let fast = AllocRequest(method: .cmaBulk, order: 4, count: 7680, mode: .fast, cmaArea: 0)
        let tight = PinBound(windows: 8000, pinnedWindows: 400)  // 7600 < 7680
        let loose = PinBound(windows: 8000, pinnedWindows: 248)
        let trials = [
            Self.trial(fast, 0, obtained: 7600, group: "random", bound: tight),
            Self.trial(fast, 1, obtained: 7500, group: "random", bound: tight),
            Self.trial(fast, 0, obtained: 7680, group: "clustered", bound: loose),
        ]
        let d = AllocationDocument(scenario: .pins, context: Self.context,
                                   parameters: AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 2),
                                   trials: trials)
        #expect(d.summary.count == 2)
        let random = try #require(d.method("cma-bulk/fast", pins: 250, pinGroup: "random"))
        let b = try #require(random.bound)
        #expect(b.trials == 2 && b.lowestReachable == 7600 && b.withinOnePercent == 1 && !b.meetsBar)
        #expect(b.lowestBound == 7600 && b.highestBound == 7600)
        #expect(abs(b.worstRatio - 7500.0 / 7600) < 1e-12)
        #expect(random.subject == "random K=250 cma-bulk/fast")
        let clustered = try #require(d.method("cma-bulk/fast", pins: 250, pinGroup: "clustered"))
        #expect(clustered.bound?.meetsBar == true && clustered.fullSuccess == 1)
        let text = try #require(PinsText.boundTable(d)).render()
        #expect(text.contains("random K=250") && text.contains("clustered K=250"))
        #expect(text.contains("98.68 %") && text.contains("1/2"))
        // Old trials (no group, no bound) summarise as before.
        #expect(BoundYield([Self.trial(fast, 0, obtained: 1, group: nil, bound: nil)]) == nil)
    }

    @Test func transientWinnerNeedsIntervalsApart() throws {
        let modes: [(ContigMode, [UInt64])] = [
            (.fast, Array(repeating: 7600, count: 10)),
            (.normal, Array(repeating: 7680, count: 10)),
            (.hard, Array(repeating: 7680, count: 9) + [7650]),
        ]
        var trials: [AllocTrial] = []
        for (mode, yields) in modes {
            let r = AllocRequest(method: .cmaBulk, order: 4, count: 7680, mode: mode, cmaArea: 0)
            for (n, y) in yields.enumerated() {
                trials.append(Self.trial(r, n, obtained: y, group: "transient",
                                         bound: PinBound(windows: 8000, pinnedWindows: 250), expired: 100))
            }
        }
        let d = AllocationDocument(scenario: .pins, context: Self.context,
                                   parameters: AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 10),
                                   trials: trials)
        let lines = PinsText.transientVerdict(d)
        #expect(lines.count == 3)
        // NORMAL 10/10 and HARD 9/10: Wilson intervals overlap.
        #expect(lines[0].hasPrefix("full yield: no mode wins: cma-bulk/normal"))
        #expect(lines[0].contains("cma-bulk/hard"))
        // Every trial takes 1 ms: nobody wins on latency either.
        #expect(lines[2].contains("no mode wins"))
        let table = try #require(PinsText.transientTable(d)).render()
        #expect(table.contains("10/10") && table.contains("0/10") && table.contains("9/10"))
        // The bound table leaves the transient group out.
        #expect(PinsText.boundTable(d) == nil)
    }

    @Test func winnerLine() {
        let a = Estimate(value: 1, samples: 10, interval: Interval(0.72, 1))
        let b = Estimate(value: 0, samples: 10, interval: Interval(0, 0.28))
        #expect(Winner.line("full yield", [("fast", b), ("normal", a)], higherIsBetter: true, format: { "\($0)" })
            .hasPrefix("full yield: normal wins"))
        #expect(Winner.line("latency", [("fast", b), ("normal", a)], higherIsBetter: false, format: { "\($0)" })
            .hasPrefix("latency: fast wins"))
        #expect(Winner.line("x", [("only", a)], higherIsBetter: true, format: { "\($0)" }) == "x: only only")
    }

    @Test func pinsRecordsRoundTripAndOldTrialsDecode() throws {
        let r = AllocRequest(method: .cmaBulk, order: 4, count: 7680, mode: .hard, cmaArea: 0)
        var t = Self.trial(r, 0, obtained: 7680, group: "transient", bound: PinBound(windows: 8000, pinnedWindows: 1))
        t.pinResult?.held = 3
        let data = try JSONEncoder().encode(t)
        #expect(try JSONDecoder().decode(AllocTrial.self, from: data) == t)
        var old = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["pinGroup", "pinResult", "bound"] { old[key] = nil }
        let plain = try JSONDecoder().decode(AllocTrial.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(plain.pinGroup == nil && plain.bound == nil && plain.reachable == nil)
        let held = PinsHeld(pins: 250, pinned: 250, taken: 3, pinnedBlocks: 180, group: "clustered",
                            placement: .clustered, seed: 7, hold: .untilDropped, requested: 7680, pinnedWindows: 240,
                            bound: PinBound(windows: 8000, pinnedWindows: 240), pfns: [1, 2])
        #expect(try JSONDecoder().decode(PinsHeld.self, from: JSONEncoder().encode(held)) == held)
    }
}
