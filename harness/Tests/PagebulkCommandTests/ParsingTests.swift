import ArgumentParser
import PagebulkKit
import PagebulkReport
import Testing
@testable import pagebulk

/// argument-parser used as intended: a bad count is a usage error (exit
/// 64, usage shown); a failure at run time is not (exit 1, its own message).
@Suite struct ParsingTests {
    func usageError(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try PagebulkCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed", sourceLocation: sourceLocation)
        } catch {
            #expect(PagebulkCommand.exitCode(for: error) == .validationFailure, "\(arguments)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func invalidCountsAreUsageErrors() {
        for arguments in [["scenario", "baseline", "--trials", "0"], ["scenario", "baseline", "--trials=-1"],
                          ["scenario", "highorder", "--load-jobs", "0"], ["scenario", "highorder", "--warmup=-1"],
                          ["scenario", "pins", "--baseline-trials=-1"], ["scenario", "pins", "--fill-mib=-1"],
                          ["scenario", "fragmentation", "--rounds=-1"], ["scenario", "fragmentation", "--churn-percent", "101"],
                          ["scenario", "fragmentation", "--churn-percent=-1"], ["scenario", "fragmentation", "--unit-pages", "0"],
                          ["scenario", "order0", "--iterations=-1"], ["fuzz", "--requests=-1"],
                          ["reliability", "--module", "m.ko", "--kill-trials=-1"],
                          ["reliability", "--module", "m.ko", "--threads", "65"],
                          ["hold", "--method", "cma-bulk", "--count", "1", "--verify-threads", "0"],
                          ["merge", "one.json"], ["merge", "a", "b", "--scenario", "frob"],
                          ["alloc", "--method", "frob", "--count", "1"], ["alloc", "--method", "alloc-pages", "--count=-1"]] {
            usageError(arguments)
        }
    }

    @Test func aRuntimeFailureIsItsOwnMessageNotTheUsage() throws {
        var compare = try PagebulkCommand.parseAsRoot(["compare", "/nonexistent/a", "/nonexistent/b"])
        #expect(compare is CompareCommand)
        do {
            try compare.run()
            Issue.record("compared nothing")
        } catch {
            #expect(PagebulkCommand.exitCode(for: error) == .failure)
            let message = PagebulkCommand.fullMessage(for: error)
            #expect(message == "Error: /nonexistent/a: not a directory of results or a JSON file", "\(message)")
            #expect(!message.contains("USAGE") && !message.contains("Usage"))
        }
    }

    @Test func compareOfARecordedRunWithItselfSaysSame() throws {
        let run = RecordedRunPath.directory
        let docs = try RunDirectory.documents(at: run)
        let comparisons = CompareCommand.comparisons(docs, docs)
        #expect(comparisons.map(\.scenario) == [.fragmentation, .fragmentation, .highorder, .order0])
        #expect(comparisons.allSatisfy { $0.unpaired.isEmpty && $0.rows.allSatisfy { $0.verdict == .same } })
    }

    /// One option group declares --control; every command that opens the
    /// file takes it the same way.
    @Test func controlIsOneSharedOption() throws {
        let path = "/tmp/control"
        for arguments in [["info"], ["alloc", "--method", "alloc-pages", "--count", "1"], ["session"],
                          ["smoke"], ["fuzz"], ["scenario", "order0"], ["contig-race", "--start", "0", "--end", "2048"],
                          ["reliability", "--module", "m.ko"], ["load-checks", "--series-module", "a", "--stock-module", "b"],
                          ["probe-open"], ["hold", "--method", "cma-bulk", "--count", "1"]] {
            let command = try PagebulkCommand.parseAsRoot(arguments + ["--control", path])
            let mirror = Mirror(reflecting: command)
            let groups = mirror.children.compactMap { child -> String? in
                if let m = child.value as? OptionGroup<ModuleOptions> { return m.wrappedValue.control }
                if let c = child.value as? OptionGroup<ControlFileOption> { return c.wrappedValue.path }
                return nil
            }
            #expect(groups == [path], "\(arguments)")
        }
    }

    /// --out is a directory everywhere; each command names its file in it.
    @Test func outIsADirectoryEverywhere() throws {
        let smoke = try #require(try PagebulkCommand.parseAsRoot(["smoke", "--out", "/run/out"]) as? SmokeCommand)
        #expect(smoke.out == "/run/out")
        let order0 = try #require(try PagebulkCommand.parseAsRoot(["scenario", "order0", "--out", "/run/out"])
            as? Order0Scenario)
        #expect(order0.output.out == "/run/out")
        let merge = try #require(try PagebulkCommand.parseAsRoot(["merge", "a", "b", "--out", "/run/out",
                                                                  "--scenario", "pins"]) as? MergeCommand)
        #expect(merge.output.out == "/run/out" && merge.scenario == .pins && merge.runs == ["a", "b"])
        for command in [SmokeCommand.self, FuzzCommand.self, ReliabilityCommand.self] as [ParsableCommand.Type] {
            let help = PagebulkCommand.helpMessage(for: command)
            #expect(help.contains("Directory to write"), "\(command)")
        }
    }

    /// Allowed values come from the enums, so the help cannot go stale.
    @Test func helpListsAllowedValuesFromTheEnums() {
        let alloc = PagebulkCommand.helpMessage(for: AllocCommand.self)
        for method in AllocMethod.allCases { #expect(alloc.contains(method.rawValue), "\(method)") }
        for mode in ContigMode.allCases { #expect(alloc.contains(mode.rawValue), "\(mode)") }
        let fragmentation = PagebulkCommand.helpMessage(for: FragmentationScenario.self)
        for method in DriverMethod.allCases { #expect(fragmentation.contains(method.rawValue)) }
        let merge = PagebulkCommand.helpMessage(for: MergeCommand.self)
        for scenario in Scenario.allCases { #expect(merge.contains(scenario.rawValue)) }
    }
}

/// The recorded run the report tests ship, found from this file.
enum RecordedRunPath {
    static var directory: String {
        let tests = "\(#filePath)".split(separator: "/").dropLast(2).joined(separator: "/")
        return "/" + tests + "/PagebulkReportTests/Fixtures/run-6.12.117"
    }
}
