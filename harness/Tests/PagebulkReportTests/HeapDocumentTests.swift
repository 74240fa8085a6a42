import PagebulkKit
import PagebulkProc
import Testing
@testable import PagebulkReport

/// The dmaheap document: its summary, its tables, merge, and the way back
/// from JSON as `report` and `merge` read it.
@Suite struct HeapDocumentTests {
    static let context = RunContext(kernelRelease: "6.12.117", environment: ["PAGEBULK_ACCEL": "tcg"], cmdline: nil)

    static func success(_ heap: HeapVariant, _ trial: Int, ms: UInt64, runs: [UInt64]) -> HeapTrial {
        var t = HeapTrial(heap: heap, trial: trial, length: 64 << 20, allocNs: ms * 1_000_000)
        t.size = 64 << 20
        t.touchNs = 2_000_000
        t.freeNs = 3_000_000
        var frames: [UInt64?] = []
        var next: UInt64 = 1 << 20
        for r in runs {
            frames += (0..<r).map { next + $0 }
            next += r + 4096
        }
        t.layout = PhysicalLayout(frames: frames)
        var byOrder: [UInt32: UInt64] = [:]
        for r in runs { byOrder[UInt32(PhysicalLayout.order(ofRun: r)), default: 0] += 1 }
        t.sg = DMABufLayout(size: 64 << 20, entries: UInt64(runs.count), runs: UInt64(runs.count),
                            largestRunPages: runs.max() ?? 0, entriesByOrder: byOrder)
        t.layoutSource = heap == .system ? .pagemap : .cmaBitmap
        t.cmaUsed = CMAUsedTrace(before: 0, held: 16384, after: 0)
        return t
    }

    static func failure(_ heap: HeapVariant, _ trial: Int, errno: Int32 = 12) throws -> HeapTrial {
        var t = HeapTrial(heap: heap, trial: trial, length: 64 << 20, allocNs: 900_000_000)
        t.errno = errno
        t.cmaUsed = CMAUsedTrace(before: 0, held: nil, after: 0)
        t.failureCensus = try census(pinned: 7)
        return t
    }

    /// The captured idle area, made to hold what a failure saw: 1000
    /// pages, 106 free (96 of them in buddies of order >= 4), 800 on the
    /// LRU, 7 pinned, 94 other; two pageblocks holding pins or unmovable pages.
    static func census(pinned: UInt64) throws -> RangeCensus {
        var c = try CensusTests.idle()
        c.startPFN = 0
        c.endPFN = 1000
        c.freeByOrder = [10, 0, 0, 0, 32, 64]
        c.freeOther = 0
        c.lruAnon = 500
        c.lruFile = 300
        c.other = 94
        c.pinned = pinned
        c.blocks = [.init(free: 100, movable: 400, pinned: 7, unmovable: 0),
                    .init(free: 6, movable: 400, pinned: 0, unmovable: 87),
                    .init(free: 512, movable: 0, pinned: 0, unmovable: 0)]
        return c
    }

    static func document() throws -> HeapDocument {
        let trials = [
            success(.system, 0, ms: 10, runs: [256, 256, 16, 1]), success(.system, 1, ms: 20, runs: [256, 16]),
            success(.chunk, 0, ms: 30, runs: [16, 16, 32]), try failure(.chunk, 1),
            try failure(.reserved, 0), try failure(.reserved, 1, errno: 4),
        ]
        let p = HeapParameters(length: 64 << 20, trials: 2, heaps: [.system, .chunk, .reserved], missing: [.chunkFast],
                               chunkOrder: 4, cma: "reserved", workload: nil,
                               schedule: TrialSchedule(seed: 7, refillPercent: 0, refillTimeoutSeconds: 120))
        return HeapDocument(context: context, parameters: p, trials: trials)
    }

    @Test func summaryCountsSuccessesLatencyAndLayout() throws {
        let d = try Self.document()
        #expect(d.summary.map(\.heap) == [.system, .chunk, .reserved])
        let system = try #require(d.heap(.system))
        #expect(system.calls == 2 && system.full == 2 && system.errors.isEmpty)
        #expect(system.latencyNs?.median == 15_000_000)
        #expect(system.latencyNs?.p90 == nil, "no p90 from 2 calls")
        #expect(system.sgEntries?.median == 3 && system.sgRuns?.median == 3 && system.frameRuns?.median == 3)
        #expect(system.sgOrders == [0, 4, 8])
        #expect(system.largestRunMedian == 256)
        let chunk = try #require(d.heap(.chunk))
        // Latency of the success only: the failure's 900 ms is counted apart.
        #expect(chunk.full == 1 && chunk.latencyNs?.median == 30_000_000 && chunk.latencyNs?.count == 1)
        #expect(chunk.failureLatencyNs?.median == 900_000_000)
        #expect(chunk.errors == ["ENOMEM": 1])
        let reserved = try #require(d.heap(.reserved))
        #expect(reserved.full == 0 && reserved.latencyNs == nil && reserved.errorText == "EINTR x1, ENOMEM x1")
        #expect(reserved.fullRate.interval?.lower == 0)
        #expect(d.summary.allSatisfy { $0.leakedCalls == 0 && $0.badChunkCalls == 0 })
    }

    @Test func textNamesHeapsClearlyAndLeavesOutUnsupportedQuantiles() throws {
        let text = HeapText.render(try Self.document())
        #expect(text.contains("chunk (FAST, then NORMAL)"))
        #expect(text.contains("not run, no such heap on this kernel: chunk (FAST only)"))
        #expect(!text.contains("p99 ms"), "no p99 column below 100 calls")
        #expect(text.contains("EINTR x1, ENOMEM x1"))
        #expect(text.contains("frames from /proc/self/pagemap: system (buddy, orders 8/4/0); "
                              + "frames from the CMA bitmap (frame order): chunk (FAST, then NORMAL)"))
        #expect(text.contains("just after each failed call"))
        #expect(text.contains("free in order>=4"))
        let table = HeapText.table(try Self.document())
        #expect(table.rows.count == 3 && table.header.contains("entry orders"))
        #expect(table.rows[0][table.header.firstIndex(of: "entry orders") ?? 0] == "0,4,8")
    }

    @Test func failureCensusSaysWhatHeldTheArea() throws {
        let f = try #require(HeapText.failures(try Self.document()))
        let chunk = try #require(f.rows.first { $0[0] == HeapVariant.chunk.title })
        func cell(_ name: String) -> String { chunk[f.header.firstIndex(of: name) ?? 0] }
        #expect(cell("pinned") == "7")
        #expect(cell("free in order>=4") == "96")
        #expect(cell("blocks pinned/unmovable") == "2")
        #expect(cell("in use %") == "89")
    }

    @Test func orderListsCompress() {
        #expect(HeapText.orders([]) == "-")
        #expect(HeapText.orders([4]) == "4")
        #expect(HeapText.orders([0, 1, 2, 4, 8, 9, 10]) == "0-2,4,8-10")
    }

    @Test func documentsRoundTripAsResultDocuments() throws {
        let text = try JSONText.encode(ResultDocument.dmaheap(try Self.document()))
        #expect(text.contains("\"scenario\" : \"dmaheap\""))
        guard case let .dmaheap(back) = try JSONText.decode(ResultDocument.self, from: text) else {
            Issue.record("not read back as dmaheap")
            return
        }
        let original = try Self.document()
        #expect(back.trials == original.trials && back.summary == original.summary)
        #expect(HTMLPage.text(.dmaheap(back)) == HeapText.render(back))
    }

    @Test func bootsMergeAndCountOn() throws {
        let d = try Self.document()
        guard case let .dmaheap(pooled) = try Merge.pooled([.dmaheap(d), .dmaheap(d)]) else {
            Issue.record("not dmaheap")
            return
        }
        #expect(pooled.trials.count == 12 && pooled.parameters.trials == 4)
        #expect(pooled.trials.filter { $0.heap == .system }.map(\.trial) == [0, 1, 2, 3])
        #expect(pooled.heap(.system)?.calls == 4)
        // A boot with the chunk-fast heap: it is no longer missing.
        var other = d
        other.parameters.heaps.append(.chunkFast)
        let both = try Merge.heap([d, other])
        #expect(both.parameters.missing.isEmpty && both.parameters.heaps.contains(.chunkFast))
        var longer = d
        longer.parameters.length = 300 << 20
        #expect(throws: DocumentError.self) { try Merge.heap([d, longer]) }
        var loaded = d
        loaded.parameters.workload = Workload(compileJobs: 2, warmupSeconds: 10, profile: "light")
        #expect(throws: DocumentError.mismatch("load 2 compile jobs + buffered writes + anon churn, 10 s warm-up, not none")) {
            try Merge.heap([d, loaded])
        }
        var stock = d
        stock.context.kernelRelease = "6.12.117-stock"
        #expect(throws: DocumentError.self) { try Merge.heap([d, stock]) }
    }

    @Test func twoRunsCompareByHeap() throws {
        let c = try #require(Comparison(.dmaheap(try Self.document()), .dmaheap(try Self.document())))
        #expect(c.scenario == .dmaheap)
        #expect(c.rows.contains { $0.metric == "p50-ms" && $0.subject == "system" })
        #expect(c.rows.allSatisfy { $0.verdict == .same })
    }
}
