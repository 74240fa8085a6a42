import Testing
@testable import PagebulkKit

/// The kernel log of a stock 6.12.117 guest (no series) refusing the
/// module built against the series, as `scripts/test.sh` boots it.
@Suite struct KernelModuleTests {
    static let refusal = """
        [    4.788890] pagebulk: loading out-of-tree module taints kernel.
        [    4.789683] pagebulk: Unknown symbol cma_get_base (err -2)
        [    4.789820] pagebulk: Unknown symbol cma_alloc_bulk_stats (err -2)
        [    4.789837] pagebulk: Unknown symbol alloc_pages_compact_noprof (err -2)
        [    4.789846] pagebulk: Unknown symbol cma_alloc (err -2)
        [    4.789865] pagebulk: Unknown symbol alloc_contig_range_mode_noprof (err -2)
        [    4.789878] pagebulk: Unknown symbol cma_get_name (err -2)
        [    4.789910] pagebulk: Unknown symbol cma_for_each_area (err -2)
        [    4.789940] pagebulk: Unknown symbol alloc_pages_bulk_range_noprof (err -2)
        [    4.789985] pagebulk: Unknown symbol free_pages_bulk (err -2)
        [    4.790002] pagebulk: Unknown symbol cma_release (err -2)
        [    4.790165] pagebulk: Unknown symbol cma_get_size (err -2)
        """

    @Test func namesEachMissingSymbolOnceInOrder() {
        let other = "[    4.921011] otherdrv: Unknown symbol not_ours (err -2)"
        let symbols = KernelModule.unknownSymbols(in: Self.refusal + "\n" + other + "\n" + Self.refusal,
                                                  module: "pagebulk")
        #expect(symbols.count == 11)
        #expect(symbols.first == "cma_get_base")
        #expect(symbols.last == "cma_get_size")
        #expect(symbols.contains("alloc_pages_bulk_range_noprof"))
        #expect(!symbols.contains("not_ours"))
    }

    @Test func kmsgRecordsParseToo() {
        let record = "3,1234,4789683,-;pagebulk: Unknown symbol free_pages_bulk (err -2)\n"
        #expect(KernelModule.unknownSymbols(in: record, module: "pagebulk") == ["free_pages_bulk"])
    }

    @Test func moduleNameIsTheFileName() {
        #expect(KernelModule(path: "/build/module-vm/src/pagebulk.ko").name == "pagebulk")
    }

    @Test func errorSaysWhatToDo() {
        let text = PagebulkError.missingSymbols(module: "pagebulk.ko", symbols: ["free_pages_bulk"]).description
        #expect(text.contains("free_pages_bulk"))
        #expect(text.contains("scripts/module.sh stock"))
    }
}
