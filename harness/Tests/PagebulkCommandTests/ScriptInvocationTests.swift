import ArgumentParser
import PagebulkKit
import Testing
@testable import pagebulk

/// Every command line that scripts/*.sh and the check suites run, parsed as
/// `pagebulk` parses it: a renamed or dropped flag fails here, not in a guest.
@Suite struct ScriptInvocationTests {
    let ko = "/build/pagebulk.ko", load = "/work/scripts/guest-load.sh"

    func parse<C: ParsableCommand>(_ arguments: [String], as _: C.Type) throws -> C {
        let command = try PagebulkCommand.parseAsRoot(arguments)
        return try #require(command as? C, "\(arguments) parsed as \(type(of: command))")
    }

    @Test func testScript() throws {
        let smoke = try parse(["smoke", "--module", ko, "--out", "/run/out"], as: SmokeCommand.self)
        #expect(smoke.module.modulePath == ko && smoke.out == "/run/out")

        let reliability = try parse(["reliability", "--module", ko, "--race-seconds", "60", "--kill-trials", "8",
                                     "--out", "/run/out"], as: ReliabilityCommand.self)
        #expect(reliability.raceSeconds == 60 && reliability.killTrials == 8 && reliability.threads == 4)
        // The VERIFY and PIN kill trials run without a flag of their own.
        #expect(reliability.verifyPinKills == 2)
        let debug = try parse(["reliability", "--module", ko, "--race-seconds", "30", "--kill-trials", "4",
                               "--out", "/run/out"], as: ReliabilityCommand.self)
        #expect(debug.raceSeconds == 30 && debug.killTrials == 4 && debug.verifyPinKills == 2)
        let none = try parse(["reliability", "--module", ko, "--verify-pin-kills", "0"], as: ReliabilityCommand.self)
        #expect(none.verifyPinKills == 0)

        let load = try parse(["load-checks", "--series-module", ko, "--stock-module", "/build/stock.ko"],
                             as: LoadChecksCommand.self)
        #expect(load.seriesModule == ko && load.stockModule == "/build/stock.ko")

        let quick = try parse(["scenario", "highorder", "--quick", "--module", ko, "--out", "/run/out",
                               "--load-script", self.load, "--warmup", "10"], as: HighorderScenario.self)
        #expect(quick.quick && quick.workload.warmup == 10 && quick.workload.loadScript == self.load)

        let order0 = try parse(["scenario", "order0", "--module", ko, "--out", "/run/out",
                                "--batches", "1", "8", "128", "1024", "--iterations", "20"], as: Order0Scenario.self)
        #expect(order0.batches == [1, 8, 128, 1024] && order0.iterations == 20)

        for method in ["alloc-pages", "compact"] {
            let frag = try parse(["scenario", "fragmentation", "--method", method, "--module", ko, "--out", "/run/out",
                                  "--hold-mib", "64", "--rounds", "2"], as: FragmentationScenario.self)
            #expect(frag.method.rawValue == method && frag.holdMib == 64 && frag.rounds == 2)
        }

        let fuzz = try parse(["fuzz", "--module", ko, "--requests", "10000", "--out", "/run/out"],
                             as: FuzzCommand.self)
        #expect(fuzz.requests == 10_000)
    }

    @Test func demoAndCompareStockScripts() throws {
        let loadArgs = ["--load-script", load, "--warmup", "20"]
        let baseline = try parse(["scenario", "baseline", "--module", ko, "--out", "/run/out", "--trials", "5"],
                                 as: BaselineScenario.self)
        #expect(baseline.scenario.trials == 5 && baseline.scenario.out == "/run/out")
        let highorder = try parse(["scenario", "highorder", "--module", ko, "--out", "/run/out", "--trials", "5"]
                                  + loadArgs, as: HighorderScenario.self)
        #expect(!highorder.quick && highorder.scenario.trials == 5)
        let pins = try parse(["scenario", "pins", "--module", ko, "--out", "/run/out", "--trials", "3"] + loadArgs,
                             as: PinsScenario.self)
        #expect(pins.scenario.trials == 3 && pins.placement.pins == [0, 1, 10, 100])
        let order0 = try parse(["scenario", "order0", "--module", ko, "--out", "/run/out", "--iterations", "1000"],
                               as: Order0Scenario.self)
        #expect(order0.iterations == 1000 && order0.batches.count == 15)
        let frag = try parse(["scenario", "fragmentation", "--method", "compact", "--module", ko, "--out", "/run/out"]
                             + loadArgs, as: FragmentationScenario.self)
        #expect(frag.method == .compact && frag.workload.warmup == 20)
        _ = try parse(["fragmentation-report", "a.json", "b.json"], as: FragmentationReportCommand.self)
        _ = try parse(["report", "/results/run"], as: ReportCommand.self)
        let compare = try parse(["compare", "/results/patched", "/results/stock"], as: CompareCommand.self)
        #expect(compare.runA == "/results/patched" && compare.runB == "/results/stock")
    }

    /// What the reliability and smoke checks spawn of themselves.
    @Test func childInvocations() throws {
        let hold = try parse(["hold", "--control", "/sys/kernel/debug/pagebulk/control", "--cma", "reserved",
                              "--method", "cma-bulk", "--mode", "hard", "--order", "4", "--count", "2000",
                              "--pins", "100"], as: HoldCommand.self)
        #expect(hold.pins == 100 && hold.allocation.mode == .hard && hold.allocation.count == 2000)
        #expect(hold.activity == .hold)
        _ = try parse(["probe-open", "--control", "/sys/kernel/debug/pagebulk/control"], as: ProbeOpenCommand.self)
    }

    /// scripts/isolation-race.sh, on the stock and the series debug kernels.
    @Test func isolationRaceScript() throws {
        let race = try parse(["contig-race", "--module", ko, "--start", "65536", "--end", "98304",
                              "--threads", "4", "--seconds", "120"], as: ContigRaceCommand.self)
        #expect(race.module.modulePath == ko && race.module.control == ControlFile.defaultPath)
        #expect(race.start == 65536 && race.end == 98304 && race.threads == 4 && race.seconds == 120)
        #expect(race.seed == 1)
        let defaults = try parse(["contig-race", "--start", "0", "--end", "2048"], as: ContigRaceCommand.self)
        #expect(defaults.module.modulePath == nil && defaults.threads == 4 && defaults.seconds == 30
                && defaults.seed == 1)
        let seeded = try parse(["contig-race", "--start", "1024", "--end", "4096", "--threads", "64",
                                "--seconds", "0.5", "--seed", "7", "--control", "/tmp/control"],
                               as: ContigRaceCommand.self)
        #expect(seeded.threads == 64 && seeded.seconds == 0.5 && seeded.seed == 7
                && seeded.module.control == "/tmp/control")
    }

    @Test func kunit() throws {
        let defaults = try parse(["kunit"], as: KUnitCommand.self)
        #expect(defaults.log == "/dev/kmsg" && defaults.suites.isEmpty)
        let some = try parse(["kunit", "--log", "/run/out/dmesg", "--suite", "pagebulk", "--suite", "cma_bulk"],
                             as: KUnitCommand.self)
        #expect(some.log == "/run/out/dmesg" && some.suites == ["pagebulk", "cma_bulk"])
    }
}
