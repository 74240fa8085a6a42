import ArgumentParser
import PagebulkKit
import PagebulkReport

/// The demo's first experiment: the baseline methods a driver has today
/// asked for the seed's 4800 order-4 pages (300 MiB).
struct BaselineScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "4800 x order-4 by alloc_pages loop, one 300 MiB cma_alloc split, cma_alloc per piece, alloc_contig_range.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var pieces: PieceOptions

    func run() throws {
        let result = try module.withControl { control in
            let info = try control.info()
            print(InfoCommand.render(info))
            let before = try SnapshotSource.live.load()
            print("\n" + SnapshotText.buddyinfo(before.buddyinfo))
            if let pti = before.pagetypeinfo { print("\n" + SnapshotText.pagetypeinfo(pti)) }
            _ = try SnapshotSource.capture(into: scenario.out + "/before")

            // A module built without the series cannot name CMA areas
            // (stock 6.12 exports no CMA API): there only the alloc_pages
            // loop runs, which is the pair `compare-stock` compares.
            let area = info.cmaArea(named: pieces.cma)
            if area == nil && !info.cmaAreas.isEmpty {
                throw HarnessError.noCMAArea(pieces.cma, have: info.cmaAreas.map(\.name))
            }
            let all: [AllocMethod] = [.allocPages, .cmaWhole, .cmaPerChunk, .contigRange]
            let methods = all.filter { info.supports($0) && ($0 == .allocPages || area != nil) }
            if methods.count < all.count {
                let left = all.filter { !methods.contains($0) }.map(\.rawValue).joined(separator: ", ")
                print("\nnot run here: \(left) (\(InfoCommand.unavailable(info)))")
            }
            var trials: [AllocTrial] = []
            for method in methods {
                let request = AllocRequest(
                    method: method, order: pieces.order, count: pieces.count,
                    gfp: method == .allocPages ? .highuserMovable : .kernel,
                    cmaArea: method == .allocPages ? nil : area?.index)
                for t in 0..<Int(clamping: scenario.trials) {
                    trials.append(try TrialRunner.run(control, request, trial: t))
                    Progress.line("\(method.rawValue) trial \(t + 1)/\(scenario.trials)")
                }
            }
            _ = try SnapshotSource.capture(into: scenario.out + "/after")
            return AllocationDocument(
                scenario: .baseline, context: RunContextProbe.context(info),
                parameters: AllocationParameters(order: pieces.order, count: pieces.count, cma: pieces.cma,
                                                 trials: Int(clamping: scenario.trials)),
                trials: trials)
        }
        print("\n" + AllocationText.render(result))
        try scenario.output.write(ResultDocument.allocation(result), as: "baseline.json")
    }
}
