import CPagebulk
import Foundation
import Testing
@testable import PagebulkKit
@testable import PagebulkReport

/// The census after a short all-or-nothing call, and the "why short" lines
/// the highorder report prints from it. The trial is a real one: the one
/// 300 MiB cma_alloc() that fell short under the seed load (session 5).
@Suite struct ShortCallTests {
    static func capturedShortTrial() throws -> AllocTrial {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let data = try Data(contentsOf: url.appendingPathComponent("census/seed-load-cma-whole-short-trial.json"))
        return try JSONDecoder().decode(AllocTrial.self, from: data)
    }

    /// A trial recorded with its census after: the one 300 MiB cma_alloc()
    /// short under the regulated seed load (issue 14).
    static func capturedWithCensusAfter() throws -> AllocTrial {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let data = try Data(contentsOf: url.appendingPathComponent("census/seed-regulated-cma-whole-short-trial.json"))
        return try JSONDecoder().decode(AllocTrial.self, from: data)
    }

    static func document(_ trials: [AllocTrial]) -> AllocationDocument {
        AllocationDocument(scenario: .highorder, context: RunContext(kernelRelease: "6.12.117", environment: [:],
                                                                     cmdline: nil),
                           parameters: AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 2),
                           trials: trials)
    }

    @Test func oneShotMethodsAreAllOrNothing() {
        let oneShot = AllocMethod.allCases.filter(\.isAllOrNothing)
        #expect(Set(oneShot) == [.cmaWhole, .contigRange])
        #expect(AllocRequest(method: .contigRange, order: 4, count: 1, mode: .normal).isAllOrNothing)
        #expect(!AllocRequest(method: .cmaBulk, order: 4, count: 1, mode: .fast).isAllOrNothing)
    }

    @Test func capturedTrialIsShortWithoutACensusAfter() throws {
        let t = try Self.capturedShortTrial()
        #expect(t.request.isAllOrNothing && !t.isFull && t.result.error == -12)
        #expect(t.census != nil && t.failureCensus == nil)
        let lines = ShortCallText.lines(Self.document([t]))
        #expect(lines == ["why short: cma-whole: 1 of 1 calls short (ENOMEM x1); no census after them "
                          + "(a document from before they were taken)"])
    }

    @Test func whyShortReadsTheCensusAfterTheCall() throws {
        var short = try Self.capturedShortTrial()
        short.failureCensus = short.census
        var full = short
        full.trial = 1
        full.result.obtained = 4800
        full.failureCensus = nil
        let lines = ShortCallText.lines(Self.document([short, full]))
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("why short: cma-whole: 1 of 2 calls short (ENOMEM x1); the range just after it, "
                               + "pages of 128000: "))
        // The captured census: 28 pinned, 5120 writeback, 14964 dirty, 12
        // in use off the LRU, and 4 of 250 pageblocks hold a pinned or
        // unmovable page.
        #expect(line.contains("pinned 28, writeback 5120, dirty 14964, locked 0, off-LRU in use 12, slab 0, "
                              + "reserved 0, LRU 77874"))
        #expect(line.hasSuffix("pageblocks holding a pinned or unmovable page 4 of 250"))
    }

    @Test func recordedCensusAfterAShortCall() throws {
        let t = try Self.capturedWithCensusAfter()
        #expect(t.request.isAllOrNothing && t.result.obtained == 0 && t.result.error == -12)
        let after = try #require(t.failureCensus)
        #expect(after.pagesCounted == after.endPFN - after.startPFN)
        // After the call: 512 pages pinned (the load's O_DIRECT buffers) in
        // pageblock 243, pages that do not move in blocks 57 and 118: every
        // 150-block (300 MiB) window of the 250 holds one of them.
        let stuck = after.blocks.indices.filter { after.blocks[$0].pinned > 0 || after.blocks[$0].unmovable > 0 }
        #expect(stuck == [57, 118, 243])
        let line = try #require(ShortCallText.lines(Self.document([t])).first)
        #expect(line == "why short: cma-whole: 1 of 1 calls short (ENOMEM x1); the range just after it, pages of "
                + "128000: pinned 512, writeback 0, dirty 11708, locked 0, off-LRU in use 19, slab 0, reserved 0, "
                + "LRU 75415, free 52566; pageblocks holding a pinned or unmovable page 3 of 250")
    }

    @Test func severalShortCallsGiveMediansAndRanges() throws {
        let base = try Self.capturedShortTrial()
        let trials = try (0..<3).map { n -> AllocTrial in
            var t = base
            t.trial = n
            var after = try #require(base.census)
            after.pinned = UInt64(10 * (n + 1))
            t.failureCensus = after
            t.result.error = n == 2 ? -16 : -12
            return t
        }
        let line = try #require(ShortCallText.lines(Self.document(trials)).first)
        #expect(line.contains("3 of 3 calls short (ENOMEM x2, EBUSY x1)"))
        #expect(line.contains("medians [min-max] of 3 censuses"))
        #expect(line.contains("pinned 20 [10-30], writeback 5120,"))
    }

    @Test func bestEffortAndFullCallsHaveNoLine() throws {
        let base = try Self.capturedShortTrial()
        var loop = base
        loop.method = .allocPages
        loop.request = AllocRequest(method: .allocPages, order: 4, count: 4800)
        loop.result.obtained = 1443
        var full = base
        full.result.obtained = 4800
        #expect(ShortCallText.lines(Self.document([loop, full])).isEmpty)
        // A scenario that takes no census (pins) prints no line either.
        var bare = base
        bare.census = nil
        #expect(ShortCallText.lines(Self.document([bare])).isEmpty)
    }

    @Test func theCensusAfterSurvivesTheDocumentAndTheMerge() throws {
        var short = try Self.capturedShortTrial()
        short.failureCensus = short.census
        let doc = Self.document([short])
        let text = try JSONText.encode(ResultDocument.allocation(doc))
        guard case let .allocation(back) = try JSONText.decode(ResultDocument.self, from: text) else {
            Issue.record("not an allocation document")
            return
        }
        #expect(back.trials.first?.failureCensus == short.census)
        #expect(AllocationText.render(back).contains("why short: cma-whole: 1 of 1 calls short"))
        let pooled = try Merge.allocation([back, back])
        #expect(pooled.trials.compactMap(\.failureCensus).count == 2)
        #expect(ShortCallText.lines(pooled).first?.contains("2 of 2 calls short") == true)
    }

    @Test func olderDocumentsReadWithoutIt() throws {
        guard case let .allocation(d) = try JSONText.decode(ResultDocument.self, from: RecordedRun.text("highorder.json"))
        else {
            Issue.record("not an allocation document")
            return
        }
        #expect(d.trials.allSatisfy { $0.failureCensus == nil })
    }
}
