import ArgumentParser
import PagebulkKit
import SystemPackage

/// `pagebulk load-checks`, on a kernel without the series: the module built
/// against the series is refused with the missing symbols named, and the
/// one built against this kernel loads, says which methods it lacks,
/// refuses those with EOPNOTSUPP and runs the rest.
struct LoadChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-checks",
        abstract: "On a kernel without the series: refuse the series' module clearly, run the stock one.")

    @Option(help: "pagebulk.ko built against the patched kernel.") var seriesModule: String
    @Option(help: "pagebulk.ko built against this kernel.") var stockModule: String
    @OptionGroup var controlFile: ControlFileOption

    var control: String { controlFile.path }

    /// What only the series provides.
    static let seriesMethods: [AllocMethod] = [.rangeBulk, .cmaBulk, .cmaBulkTwoPass, .compact]

    func run() throws {
        var list = CheckList()
        list.check("the series' module is refused, naming the symbols this kernel lacks") {
            do {
                try KernelModule(path: seriesModule).insert()
                throw CheckFailure(description: "the module loaded")
            } catch let PagebulkError.missingSymbols(_, symbols) {
                print("# \(PagebulkError.missingSymbols(module: seriesModule, symbols: symbols))")
                try expect(symbols.contains { $0.hasPrefix("alloc_pages_bulk_range") },
                           "named \(symbols), not alloc_pages_bulk_range_noprof")
            }
            try expect(try !TextFile.exists(control), "a control file appeared")
        }
        let stock = KernelModule(path: stockModule)
        list.check("the stock build loads and names the methods it lacks") {
            try stock.insert()
            let file = try ControlFile.open(control)
            let info = try file.info()
            print("# unavailable: \(InfoCommand.unavailable(info))")
            try expect(Self.seriesMethods.allSatisfy { !info.supports($0) }, "offers \(info.methods)")
            try expect(info.supports(.allocPages) && info.supports(.contigRange), "offers \(info.methods)")
        }
        list.check("methods it lacks get EOPNOTSUPP; the others allocate") {
            let file = try ControlFile.open(control)
            let info = try file.info()
            let area = info.cmaAreas.first?.index
            for method in AllocMethod.allCases {
                let orderZero: Set<AllocMethod> = [.bulkArray, .compact]
                let anywhere: Set<AllocMethod> = [.allocPages, .bulkArray, .compact]
                let request = AllocRequest(method: method, order: orderZero.contains(method) ? 0 : 2, count: 16,
                                           cmaArea: anywhere.contains(method) ? nil : area)
                if !info.supports(method) {
                    try expectErrno(.notSupported) { _ = try file.alloc(request) }
                    continue
                }
                if !anywhere.contains(method) && area == nil { continue }
                let r = try file.alloc(request)
                try expect(r.obtained == 16, "\(method.rawValue): \(r.obtained) of 16, error \(r.error)")
                try expect(try file.verify(handle: r.handle).isClean, "\(method.rawValue): verify")
                _ = try file.free(handle: r.handle)
            }
        }
        list.check("the stock build unloads") {
            try stock.remove()
            try expect(try !TextFile.exists(control), "control file still there")
        }
        print(list.summaryLine)
        if list.failed > 0 { throw ExitCode(1) }
    }
}
