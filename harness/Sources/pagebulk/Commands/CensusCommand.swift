import ArgumentParser
import PagebulkKit
import PagebulkReport

/// What the pages of a CMA area or a pfn range are now: the picture the
/// scenarios record before each call.
struct CensusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Count the pages of a CMA area or pfn range by state: free, LRU, dirty, writeback, pinned, ...")

    @OptionGroup var module: ModuleOptions
    @Option(help: "CMA area, by name or index (see `pagebulk info`).") var cma: String?
    @Option(help: "First pfn of the range, instead of an area.") var start: UInt64?
    @Option(help: "One past the last pfn of the range.") var end: UInt64?
    @OptionGroup var output: JSONFlag

    func validate() throws {
        switch (cma, start, end) {
        case (.some, nil, nil): return
        case (nil, .some(let s), .some(let e)) where s < e: return
        default: throw ValidationError("give --cma, or --start and --end with start < end")
        }
    }

    func run() throws {
        let census = try module.withControl { control in
            let info = try control.info()
            return try control.census(try range(info), blockOrder: info.pageblockOrder)
        }
        if output.json {
            print(try JSONText.encode(census))
            return
        }
        print(CensusCommand.describe(census))
    }

    private func range(_ info: ModuleInfo) throws -> CensusRange {
        if let cma {
            guard let area = info.cmaArea(named: cma) else {
                throw HarnessError.noCMAArea(cma, have: info.cmaAreas.map(\.name))
            }
            return .cmaArea(area)
        }
        return .pfns((start ?? 0)..<(end ?? 0))
    }

    static func describe(_ c: RangeCensus) -> String {
        let orders = c.freeByOrder.enumerated().filter { $0.element > 0 }
            .map { "o\($0.offset):\($0.element)" }.joined(separator: " ")
        return """
            pfn \(c.startPFN)..<\(c.endPFN), \(c.blocks.count) pageblocks, walked in \(c.elapsedNs / 1000) us
            free \(c.free) (buddies \(orders.isEmpty ? "none" : orders); other \(c.freeOther))
            in use: lru anon \(c.lruAnon), lru file \(c.lruFile), slab \(c.slab), reserved \(c.reserved), \
            other \(c.other), offline \(c.offline)
            lru states: dirty \(c.dirty), writeback \(c.writeback), locked \(c.locked), mapped \(c.mapped), \
            pinned \(c.pinned), unevictable \(c.unevictable)
            zone free \(c.zoneFree) (watermarks min \(c.zoneMin) low \(c.zoneLow) high \(c.zoneHigh)); \
            system free \(c.systemFree), free cma \(c.systemFreeCMA)
            """
    }
}
