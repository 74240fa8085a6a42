import ArgumentParser
@testable import PagebulkKit
import Testing
@testable import pagebulk

/// `scenario highorder --skip-method LABEL`: a long run leaves out a row by
/// the label the table prints; an unknown label, or skipping every method,
/// is a usage error.
@Suite struct SkipMethodTests {
    func highorder(_ extra: [String]) throws -> HighorderScenario {
        try #require(try PagebulkCommand.parseAsRoot(["scenario", "highorder"] + extra) as? HighorderScenario)
    }

    static let area = ModuleInfo.CMAArea(index: 0, name: "reserved", basePFN: 265_216, pages: 128_000)

    @Test func skippedLabelsLeaveTheList() throws {
        let all = try highorder([]).methods(Self.area, count: 4800).map(\.label)
        #expect(all.contains("cma-chunk-resume") && all.contains("cma-chunk"))
        let some = try highorder(["--skip-method", "cma-chunk-resume", "--skip-method", "alloc-pages[highuser-movable]"])
            .methods(Self.area, count: 4800).map(\.label)
        #expect(some == all.filter { $0 != "cma-chunk-resume" && $0 != "alloc-pages[highuser-movable]" })
        // --quick does not run it anyway; skipping it is not an error.
        let quick = try highorder(["--quick", "--skip-method", "cma-chunk-resume"]).methods(Self.area, count: 480)
        #expect(!quick.isEmpty && !quick.map(\.label).contains("cma-chunk-resume"))
    }

    @Test func unknownLabelsAndEmptyListsAreUsageErrors() {
        let every = HighorderScenario.methods(cmaArea: 0, order: 4, count: 1, quick: false).map(\.label)
        let quick = HighorderScenario.methods(cmaArea: 0, order: 4, count: 1, quick: true).map(\.label)
        for arguments in [["--skip-method", "cma-chunk-resum"], ["--skip-method", "range-bulk"],
                          every.flatMap { ["--skip-method", $0] },
                          ["--quick"] + quick.flatMap { ["--skip-method", $0] }] {
            do {
                _ = try PagebulkCommand.parseAsRoot(["scenario", "highorder"] + arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(PagebulkCommand.exitCode(for: error) == .validationFailure, "\(arguments)")
            }
        }
        do {
            _ = try PagebulkCommand.parseAsRoot(["scenario", "highorder", "--skip-method", "frob"])
        } catch {
            #expect(PagebulkCommand.fullMessage(for: error).contains("the methods are cma-whole, cma-chunk"))
        }
    }
}
