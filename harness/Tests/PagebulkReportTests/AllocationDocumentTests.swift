import CPagebulk
import Testing
@testable import PagebulkKit
@testable import PagebulkReport

/// The per-method summary is derived from the raw trials; check its
/// arithmetic on trials whose figures are known.
@Suite struct AllocationDocumentTests {
    static let parameters = AllocationParameters(order: 4, count: 4800, cma: "reserved", trials: 3)

    func trial(_ request: AllocRequest, _ n: Int, obtained: UInt64, ns: UInt64, migrated: UInt64) -> AllocTrial {
        var raw = pagebulk_alloc()
        raw.handle = obtained > 0 ? 1 : 0
        raw.nr_obtained = obtained
        raw.elapsed_ns = ns
        raw.vm.pgmigrate_success = migrated
        return AllocTrial(method: request.method, trial: n, request: request,
                                    result: AllocResult(raw), free: nil)
    }

    @Test func summaryPerMethodAndMode() throws {
        let fast = AllocRequest(method: .rangeBulk, order: 4, count: 4800, mode: .fast, cmaArea: 0)
        let whole = AllocRequest(method: .cmaWhole, order: 4, count: 4800, cmaArea: 0)
        let trials = [
            trial(fast, 0, obtained: 4800, ns: 300, migrated: 10),
            trial(whole, 0, obtained: 0, ns: 9000, migrated: 5),
            trial(fast, 1, obtained: 4790, ns: 100, migrated: 20),
            trial(fast, 2, obtained: 4800, ns: 200, migrated: 30),
        ]
        let ctx = RunContext(kernelRelease: "6.12.117", environment: ["PAGEBULK_ACCEL": "tcg"], cmdline: nil)
        let result = AllocationDocument(scenario: .highorder, context: ctx, parameters: Self.parameters, trials: trials)
        #expect(result.summary.map(\.label) == ["range-bulk/fast", "cma-whole"])
        let f = result.summary[0]
        #expect(f.trials == 3 && f.fullSuccess == 2 && f.worstYield == 4790 && f.bestYield == 4800)
        #expect(f.latencyNs?.median == 200 && f.latencyNs?.max == 300)
        // Three trials: no p90, no p99; the maximum stands in.
        #expect(f.latencyNs?.p90 == nil && f.latencyNs?.p99 == nil)
        #expect(f.fullRate.value == 2.0 / 3 && f.fullRate.interval != nil)
        #expect(f.pagesMigrated == 60)
        let w = result.summary[1]
        #expect(w.fullSuccess == 0 && w.worstYield == 0 && w.requested == 4800)
        #expect(result.schema == .current)
        #expect(ctx.latencyLabel == "QEMU TCG")
    }

    @Test func labelsNameTheModeOnlyWhenThereIsOne() {
        #expect(AllocRequest(method: .allocPages, order: 4, count: 1).label == "alloc-pages")
        #expect(AllocRequest(method: .contigRange, order: 4, count: 1, mode: .normal).label == "contig-range/normal")
    }

    /// compare-stock: the stock kernel lacks range-bulk; its rows are
    /// printed as the patched run's only, not dropped.
    @Test func comparisonKeepsMethodsOnlyOneRunHas() throws {
        let pages = AllocRequest(method: .allocPages, order: 4, count: 4800)
        let bulk = AllocRequest(method: .rangeBulk, order: 4, count: 4800, mode: .fast, cmaArea: 0)
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        let patched = AllocationDocument(scenario: .baseline, context: ctx, parameters: Self.parameters, trials: [
            trial(pages, 0, obtained: 4800, ns: 200, migrated: 0),
            trial(bulk, 0, obtained: 4800, ns: 100, migrated: 0),
        ])
        let stock = AllocationDocument(scenario: .baseline, context: ctx, parameters: Self.parameters, trials: [
            trial(pages, 0, obtained: 4800, ns: 400, migrated: 0),
        ])
        let c = try #require(Comparison(.allocation(patched), .allocation(stock)))
        #expect(Set(c.rows.map(\.subject)) == ["alloc-pages"])
        // One trial a side: slower, but too few to say "worse".
        #expect(c.rows.first { $0.metric == "p50-ms" }?.verdict == .tooFew)
        #expect(c.unpaired.map(\.metric) == ["p50-ms", "max-ms", "full-%", "worst-yield"])
        #expect(c.unpaired.allSatisfy { $0.subject == "range-bulk/fast" && $0.run == .a })
        #expect(c.render(nameA: "patched", nameB: "stock").contains("only A"))
    }
}
