import ArgumentParser
import PagebulkKit

/// `pagebulk heap-checks`: the chunk heap's edge cases in the guest; ends
/// with 'N passed, N failed', or with a SKIP line on a kernel without the
/// chunk heap (a stock kernel), which is not a pass.
struct HeapChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heap-checks",
        abstract: "Edge cases of the chunk dma-buf heap; ends with 'N passed, N failed' (or SKIP without the heap).")

    @OptionGroup var module: ModuleOptions
    @Option(help: "The default CMA area, the chunk heap's.") var cma: String = "reserved"
    @Option(help: "Directory to write heap-checks.json (the outcomes) into.") var out: String?

    /// The line printed instead of a tally when the heap is not there.
    static let skipLine = "SKIP heap-checks: no \(DMAHeap.path("chunk")) (a kernel without the chunk heap)"

    func run() throws {
        guard try DMAHeap.exists("chunk") else {
            print(Self.skipLine)
            return
        }
        var list = CheckList()
        try module.withControl { control in
            let info = try control.info()
            guard let area = info.cmaArea(named: cma) else {
                throw HarnessError.noCMAArea(cma, have: info.cmaAreas.map(\.name))
            }
            let parameters = ChunkHeapParameters()
            var order: UInt32?
            var fallback = true
            list.check("chunk_heap parameters: order and normal_fallback readable") {
                let read = try parameters.order()
                fallback = try parameters.normalFallback()
                try expect(read <= info.maxPageOrder, "order \(read) above MAX_PAGE_ORDER \(info.maxPageOrder)")
                order = read
            }
            // The checks size their requests in chunks: not without a sane order.
            guard let order else { return }
            let baseline = try Invariants.capture(control)
            HeapChecks(area: area, order: order, parameters: parameters, probe: try BufferFrames(area: area))
                .run(control, &list)
            list.check("normal_fallback is back to \(fallback ? "Y" : "N")") {
                try expect(try parameters.normalFallback() == fallback, "it is not")
            }
            list.check("invariants back to baseline") {
                let broken = try Invariants.capture(control).violations(against: baseline)
                try expect(broken.isEmpty, broken.joined(separator: "; "))
            }
        }
        if let out { try OutputDirectory.write(list.outcomes, into: out, as: "heap-checks.json") }
        print(list.summaryLine)
        if list.failed > 0 { throw ExitCode(1) }
    }
}
