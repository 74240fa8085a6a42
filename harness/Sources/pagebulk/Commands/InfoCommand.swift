import ArgumentParser
import PagebulkKit
import PagebulkReport

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "What the module and kernel offer: methods, CMA areas, zones.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let info = try module.withControl { try $0.info() }
        if output.json {
            print(try JSONText.encode(info))
            return
        }
        print(Self.render(info))
    }

    /// The methods this module build lacks, and why.
    static func unavailable(_ info: ModuleInfo) -> String {
        let missing = AllocMethod.allCases.filter { !info.supports($0) }
        guard !missing.isEmpty else { return "none" }
        return missing.map(\.rawValue).joined(separator: ", ")
            + " (the module was built against a kernel without the pagebulk series)"
    }

    static func render(_ info: ModuleInfo) -> String {
        var lines = [
            "pagebulk info",
            "  kernel:          \(info.release)",
            "  ABI:             \(info.abiVersion)",
            "  pageblock order: \(info.pageblockOrder) (\(1 << info.pageblockOrder) pages)",
            "  MAX_PAGE_ORDER:  \(info.maxPageOrder)",
            "  methods:         \(info.methods.map(\.rawValue).joined(separator: ", "))",
            "  unavailable:     \(unavailable(info))",
            "  held:            \(info.heldHandles) handles, \(info.heldPages) pages",
        ]
        var cma = TextTable("CMA area", "index", "base pfn", "pages", "MiB")
        for a in info.cmaAreas {
            cma.add(a.name, "\(a.index)", "\(a.basePFN)", "\(a.pages)", "\(a.pages >> (20 - UInt64(info.pageShift)))")
        }
        var zones = TextTable("zone", "node", "start pfn", "end pfn", "managed", "free")
        for z in info.zones {
            zones.add(z.name, "\(z.node)", "\(z.startPFN)", "\(z.endPFN)", "\(z.managedPages)", "\(z.freePages)")
        }
        lines.append("")
        lines.append(info.cmaAreas.isEmpty ? "no CMA areas (boot with cma=, or the kernel lacks the series' exports)" : cma.render())
        lines.append("")
        lines.append(zones.render())
        return lines.joined(separator: "\n")
    }
}
