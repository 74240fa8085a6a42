import CPagebulk
import Testing
@testable import PagebulkKit
@testable import PagebulkReport

/// The kernel's skip reasons, summed per method and printed only for the
/// methods that walk chunks.
@Suite struct SkipReasonsTests {
    func trial(_ request: AllocRequest, _ n: Int, tried: UInt64, skips: pagebulk_skips) -> AllocTrial {
        var raw = pagebulk_alloc()
        raw.nr_obtained = 4800
        raw.elapsed_ns = 100
        raw.chunks_tried = tried
        raw.chunks_skipped = skips.type + skips.isolation + skips.busy
        raw.skips = skips
        return AllocTrial(method: request.method, trial: n, request: request, result: AllocResult(raw), free: nil)
    }

    @Test func summedPerMethodAndPrintedForChunkedOnes() throws {
        let fast = AllocRequest(method: .cmaBulk, order: 4, count: 4800, mode: .fast, cmaArea: 0)
        let whole = AllocRequest(method: .cmaWhole, order: 4, count: 4800, cmaArea: 0)
        var a = pagebulk_skips()
        a.busy = 2
        a.busy_pinned = 3
        a.busy_writeback = 40
        var b = pagebulk_skips()
        b.isolation = 1
        b.busy = 1
        b.busy_off_lru = UInt64.max
        let trials = [
            trial(fast, 0, tried: 160, skips: a),
            trial(fast, 1, tried: 155, skips: b),
            trial(whole, 0, tried: 0, skips: pagebulk_skips()),
        ]
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        let doc = AllocationDocument(scenario: .highorder, context: ctx,
                                     parameters: AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 2),
                                     trials: trials)
        let s = try #require(doc.summary.first { $0.label == "cma-bulk/fast" }?.skips)
        #expect(s.busy == 3 && s.isolation == 1 && s.chunks == 4)
        #expect(s.pinned == 3 && s.writeback == 40)
        // A count the kernel got wrong saturates; it does not trap.
        #expect(s.offLRU == UInt64.max)
        #expect(doc.summary.first { $0.label == "cma-whole" }?.skips == nil)
        let text = try #require(SkipText.table(doc)).render()
        #expect(text.contains("cma-bulk/fast") && !text.contains("cma-whole"))
        #expect(AllocationText.render(doc).contains("why chunks were skipped"))
    }

    /// Documents written before ABI 4 have no reasons: they still load.
    @Test func olderDocumentsHaveNone() throws {
        let docs = try RecordedRun.documents()
        #expect(!docs.isEmpty)
        for case .allocation(let d) in docs {
            #expect(d.trials.allSatisfy { $0.result.skips == nil })
            #expect(SkipText.table(d)?.rows.isEmpty ?? true)
        }
    }
}
