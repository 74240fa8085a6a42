import ArgumentParser
import PagebulkKit

/// `pagebulk reliability`: races, SIGKILL mid-call and unload with
/// allocations held, each followed by the invariants; ends with
/// 'N passed, N failed' like the smoke suite.
struct ReliabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "Race the methods on overlapping ranges, kill callers mid-call, unload with allocations held.")

    @Option(name: .customLong("module"), help: "The pagebulk.ko to insert, remove and insert again.")
    var modulePath: String
    @Option(help: "Path of the control file.") var control: String = ControlFile.defaultPath
    @Option(help: "CMA area to race and kill in.") var cma: String = "reserved"
    @Option(help: "Seconds the race threads run.") var raceSeconds: Double = 60
    @Option(help: "Race threads.") var threads: Int = 4
    @Option(help: "SIGKILL trials.") var killTrials: Int = 8
    @Option(help: "Seed for requests and kill delays.") var seed: UInt64 = 1
    @Option(help: "Write outcomes and figures as JSON here.") var out: String?

    func validate() throws {
        // Parsed as a Double, so "nan" and "inf" get here too.
        guard raceSeconds > 0, raceSeconds <= 86_400 else {
            throw ValidationError("--race-seconds must be more than 0 and at most 86400, not \(raceSeconds)")
        }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1 to 64, not \(threads)") }
        guard killTrials >= 0 else { throw ValidationError("--kill-trials must be 0 or more, not \(killTrials)") }
    }

    struct Outcome: Codable {
        var checks: [CheckList.Outcome]
        var race: RaceStats?
        var racePlan: String?
        var kills: KillChecks.Figures?
    }

    func run() throws {
        let module = KernelModule(path: modulePath)
        if !TextFile.exists(control) { try module.insert() }
        var list = CheckList()
        var outcome = Outcome(checks: [])
        let file = try ControlFile.open(control)
        var area: ModuleInfo.CMAArea?
        do {
            defer { file.close() }
            let info = try file.info()
            area = info.cmaArea(named: cma)
            guard let area else { throw HarnessError.noCMAArea(cma, have: info.cmaAreas.map(\.name)) }
            let baseline = try Invariants.capture(file)
            let plan = racePlan(info, area)
            outcome.racePlan = "\(plan.threads) threads, \(plan.seconds) s, "
                + plan.methods.map(\.rawValue).joined(separator: ", ")
            list.check("race: \(outcome.racePlan ?? ""): only EBUSY or partial yields, stamps intact") {
                let stats = RaceRunner(plan: plan, shared: file).run()
                outcome.race = stats
                print("# race: \(stats.summary)")
                try expect(stats.unexpected.isEmpty,
                           "\(stats.unexpected.count) unexpected: " + stats.unexpected.prefix(5).joined(separator: "; "))
                try expect(stats.badPages == 0, "\(stats.badPages) pages lost their stamp")
                try expect(stats.full > 0 && stats.frees > 0, "the race allocated nothing")
            }
            checkInvariants("after the race", file, baseline, &list)
            _ = PinChecks.fillPageCache()
            let kills = KillChecks(control: file, controlPath: control, area: area, trials: killTrials, seed: seed)
            outcome.kills = kills.run(&list)
            _ = Spawn.run(["/bin/rm", "-f", "/run/scratch/fill"])
            if let k = outcome.kills {
                print("# kills: \(k.interrupted) of \(k.trials) calls interrupted, \(k.killedPages) pages "
                      + "obtained by killed calls, \(k.closedPages) freed by close, worst exit \(k.worstExitMs) ms")
            }
            checkInvariants("after the kills", file, baseline, &list)
        }
        if let area {
            TeardownChecks(module: module, controlPath: control, area: area).run(&list)
        }
        outcome.checks = list.outcomes
        if let out { try TextFile.write(try JSON.encode(outcome) + "\n", to: out) }
        print(list.summaryLine)
        if list.failed > 0 { throw ExitCode(1) }
    }

    /// Every range method this kernel has, on the first 32 MiB of the area.
    private func racePlan(_ info: ModuleInfo, _ area: ModuleInfo.CMAArea) -> RacePlan {
        let methods: [AllocMethod] = [.rangeBulk, .cmaBulk, .cmaWhole, .cmaPerChunk, .contigRange]
        let window = area.basePFN..<min(area.endPFN, area.basePFN.saturatingAdd(8192))
        return RacePlan(controlPath: control, area: area, window: window,
                        methods: methods.filter { info.supports($0) }, threads: threads,
                        seconds: raceSeconds, seed: seed)
    }

    private func checkInvariants(_ when: String, _ file: ControlFile, _ baseline: Invariants,
                                 _ list: inout CheckList) {
        list.check("invariants back to baseline \(when)") {
            try Invariants.capture(file).check(against: baseline)
        }
    }
}
