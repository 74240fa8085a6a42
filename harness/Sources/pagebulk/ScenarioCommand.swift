import ArgumentParser
import PagebulkKit
import PagebulkProc

#if canImport(Glibc)
import Glibc
#endif

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario", abstract: "Run an experiment and write its JSON result.",
        subcommands: [BaselineScenario.self, HighorderScenario.self, PinsScenario.self, Order0Scenario.self,
                      FragmentationScenario.self])
}

/// Where a scenario writes and what it knows about the run.
struct ScenarioOptions: ParsableArguments {
    @Option(help: "Directory for the JSON result and snapshots.")
    var out: String = "."

    @Option(help: "Trials per method.")
    var trials: Int = 5

    func validate() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1, not \(trials)") }
    }

    func context(_ info: ModuleInfo) -> RunContext {
        Self.context(info)
    }

    /// The kernel, build and guest this run happened on.
    static func context(_ info: ModuleInfo) -> RunContext {
        var env: [String: String] = [:]
        for key in ["PAGEBULK_DEBIAN_VERSION", "PAGEBULK_SERIES", "PAGEBULK_CONFIG",
                    "PAGEBULK_ACCEL", "PAGEBULK_MEMORY_MIB"] {
            if let v = getenv(key) { env[key] = String(cString: v) }
        }
        let cmdline = try? TextFile.read("/proc/cmdline").trimmingSuffix()
        return RunContext(kernelRelease: info.release, environment: env, cmdline: cmdline)
    }
}

/// The demo's first experiment: the baseline methods a driver has today
/// asked for the seed's 4800 order-4 pages (300 MiB).
struct BaselineScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "4800 x order-4 by alloc_pages loop, one 300 MiB cma_alloc split, cma_alloc per piece, alloc_contig_range.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @Option(help: "Order of each piece.") var order: UInt32 = 4
    @Option(help: "Pieces per trial.") var count: UInt64 = 4800
    @Option(help: "CMA area to use.") var cma: String = "reserved"

    func run() throws {
        let result = try module.withControl { control in
            let info = try control.info()
            print(InfoCommand.render(info))
            let before = try SnapshotSource.live.load()
            print("\n" + Report.buddyinfo(before.buddyinfo))
            if let pti = before.pagetypeinfo { print("\n" + Report.pagetypeinfo(pti)) }
            _ = try SnapshotSource.capture(into: scenario.out + "/before")

            // A module built without the series cannot name CMA areas
            // (stock 6.12 exports no CMA API): there only the alloc_pages
            // loop runs, which is the pair `compare-stock` compares.
            let area = info.cmaArea(named: cma)
            if area == nil && !info.cmaAreas.isEmpty {
                throw HarnessError.noCMAArea(cma, have: info.cmaAreas.map(\.name))
            }
            let all: [AllocMethod] = [.allocPages, .cmaWhole, .cmaPerChunk, .contigRange]
            let methods = all.filter { info.supports($0) && ($0 == .allocPages || area != nil) }
            if methods.count < all.count {
                let left = all.filter { !methods.contains($0) }.map(\.rawValue).joined(separator: ", ")
                print("\nnot run here: \(left) (\(InfoCommand.unavailable(info)))")
            }
            var trials: [ScenarioResult.Trial] = []
            for method in methods {
                let request = AllocRequest(
                    method: method, order: order, count: count,
                    gfp: method == .allocPages ? .highuserMovable : .kernel,
                    cmaArea: method == .allocPages ? nil : area?.index)
                for t in 0..<scenario.trials {
                    trials.append(try TrialRunner.run(control, request, trial: t))
                    FileHandleOutput.progress("\(method.rawValue) trial \(t + 1)/\(scenario.trials)")
                }
            }
            _ = try SnapshotSource.capture(into: scenario.out + "/after")
            return ScenarioResult(
                scenario: "baseline", context: scenario.context(info),
                parameters: ["order": "\(order)", "count": "\(count)", "cma": cma,
                             "trials": "\(scenario.trials)"],
                trials: trials)
        }
        try TextFile.write(try JSON.encode(result) + "\n", to: scenario.out + "/baseline.json")
        print("\n" + ResultReport.summary(result))
        print("\nwrote \(scenario.out)/baseline.json")
    }
}

enum TrialRunner {
    /// Allocate, then free at once: one trial, the pages never held longer.
    static func run(_ control: ControlFile, _ request: AllocRequest, trial: Int,
                    group: String? = nil) throws -> ScenarioResult.Trial {
        let result = try control.alloc(request)
        let free = result.handle != 0 ? try control.free(handle: result.handle) : nil
        return ScenarioResult.Trial(method: request.method, trial: trial, group: group, request: request,
                                    result: result, free: free)
    }
}

extension String {
    func trimmingSuffix() -> String {
        var s = self
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}

/// What each trial asks for: the seed's 4800 order-4 pieces from "reserved".
struct PieceOptions: ParsableArguments {
    @Option(help: "Order of each piece.") var order: UInt32 = 4
    @Option(help: "Pieces per trial.") var count: UInt64 = 4800
    @Option(help: "CMA area to allocate from.") var cma: String = "reserved"
}
