import ArgumentParser
import PagebulkKit

extension AllocMethod: ExpressibleByArgument {}
extension GFPPreset: ExpressibleByArgument {}
extension ContigMode: ExpressibleByArgument {}

/// What to allocate; shared by `alloc` and the `session` command language.
/// The allowed values of the enum options come from `CaseIterable`:
/// argument-parser lists them in the help, so no help text repeats them.
struct AllocOptions: ParsableArguments {
    @Option(help: "How to allocate.")
    var method: AllocMethod

    @Option(help: "Order of each piece.")
    var order: UInt32 = 0

    @Option(help: "Pieces wanted.")
    var count: UInt64

    @Option(help: "gfp preset.")
    var gfp: GFPPreset = .kernel

    @Option(help: "alloc_contig_mode, for contig-range and range-bulk.")
    var mode: ContigMode = .default

    @Option(help: "CMA area, by name or index (see `pagebulk info`).")
    var cma: String?

    @Option(help: "First pfn of the range (range methods).")
    var start: UInt64?

    @Option(help: "One past the last pfn of the range.")
    var end: UInt64?

    /// Resolve names against what the module reported.
    func request(_ info: ModuleInfo) throws -> AllocRequest {
        var area: Int?
        if let cma {
            guard let found = info.cmaArea(named: cma) else {
                throw HarnessError.noCMAArea(cma, have: info.cmaAreas.map(\.name))
            }
            area = found.index
        }
        return AllocRequest(method: method, order: order, count: count, gfp: gfp, mode: mode,
                            cmaArea: area, startPFN: start, endPFN: end)
    }
}
