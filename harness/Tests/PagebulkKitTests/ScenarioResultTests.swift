import CPagebulk
import Testing
@testable import PagebulkKit

/// The per-method summary is derived from the raw trials; check its
/// arithmetic on trials whose figures are known.
@Suite struct ScenarioResultTests {
    func trial(_ request: AllocRequest, _ n: Int, obtained: UInt64, ns: UInt64, migrated: UInt64) -> ScenarioResult.Trial {
        var raw = pagebulk_alloc()
        raw.handle = obtained > 0 ? 1 : 0
        raw.nr_obtained = obtained
        raw.elapsed_ns = ns
        raw.vm.pgmigrate_success = migrated
        return ScenarioResult.Trial(method: request.method, trial: n, request: request,
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
        let result = ScenarioResult(scenario: "highorder", context: ctx, parameters: [:], trials: trials)
        #expect(result.summary.map(\.label) == ["range-bulk/fast", "cma-whole"])
        let f = result.summary[0]
        #expect(f.trials == 3 && f.fullSuccess == 2 && f.worstYield == 4790 && f.bestYield == 4800)
        #expect(f.latencyNs?.p50 == 200 && f.latencyNs?.max == 300)
        #expect(f.pagesMigrated == 60)
        let w = result.summary[1]
        #expect(w.fullSuccess == 0 && w.worstYield == 0 && w.requested == 4800)
        #expect(result.schema == ScenarioResult.schemaVersion)
        #expect(ctx.latencyLabel == "QEMU TCG")
    }

    @Test func labelsNameTheModeOnlyWhenThereIsOne() {
        #expect(AllocRequest(method: .allocPages, order: 4, count: 1).label == "alloc-pages")
        #expect(AllocRequest(method: .contigRange, order: 4, count: 1, mode: .normal).label == "contig-range/normal")
    }

    /// compare-stock: the stock kernel lacks range-bulk; its rows are
    /// printed as the patched run's only, not dropped.
    @Test func comparisonKeepsMethodsOnlyOneRunHas() {
        let pages = AllocRequest(method: .allocPages, order: 4, count: 4800)
        let bulk = AllocRequest(method: .rangeBulk, order: 4, count: 4800, mode: .fast, cmaArea: 0)
        let ctx = RunContext(kernelRelease: "6.12.117", environment: [:], cmdline: nil)
        let patched = ScenarioResult(scenario: "baseline", context: ctx, parameters: [:], trials: [
            trial(pages, 0, obtained: 4800, ns: 200, migrated: 0),
            trial(bulk, 0, obtained: 4800, ns: 100, migrated: 0),
        ])
        let stock = ScenarioResult(scenario: "baseline", context: ctx, parameters: [:], trials: [
            trial(pages, 0, obtained: 4800, ns: 400, migrated: 0),
        ])
        let c = Comparison(patched, stock)
        #expect(Set(c.rows.map(\.subject)) == ["alloc-pages"])
        #expect(c.rows.first { $0.metric == "p50-ms" }?.verdict == -1)
        #expect(c.unpaired.map(\.metric) == ["p50-ms", "max-ms", "full-yield-%", "worst-yield"])
        #expect(c.unpaired.allSatisfy { $0.subject == "range-bulk/fast" && $0.run == .a })
        #expect(c.render(nameA: "patched", nameB: "stock").contains("only A"))
    }
}
