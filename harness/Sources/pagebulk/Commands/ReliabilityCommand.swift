import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `pagebulk reliability`: races (with a thief freeing the shared file's
/// fresh handles and a churn of pins), SIGKILL mid-call (ALLOC, VERIFY,
/// PIN) and unload with allocations held, each followed by the
/// invariants; ends with 'N passed, N failed' like the smoke suite.
struct ReliabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "Race the methods on overlapping ranges, kill callers mid-call, unload with allocations held.")

    @Option(name: .customLong("module"), help: "The pagebulk.ko to insert, remove and insert again.")
    var modulePath: String
    @OptionGroup var controlFile: ControlFileOption
    @Option(help: "CMA area to race and kill in.") var cma: String = "reserved"
    @Option(help: "Seconds the race threads run.") var raceSeconds: Double = 60
    @Option(help: "Race threads.") var threads: Int = 4
    @Option(help: "SIGKILL trials.") var killTrials: UInt = 8
    @Option(help: "SIGKILL trials in the middle of a long VERIFY and of a long PIN, alternating; 0 for none.")
    var verifyPinKills: Int = 2
    @Option(help: "Seed for requests and kill delays.") var seed: UInt64 = 1
    @Option(help: "Directory to write reliability.json (outcomes and figures) into.") var out: String?

    func validate() throws {
        // Parsed as a Double, so "nan" and "inf" get here too.
        guard raceSeconds > 0, raceSeconds <= 86_400 else {
            throw ValidationError("--race-seconds must be more than 0 and at most 86400, not \(raceSeconds)")
        }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1 to 64, not \(threads)") }
        // Each trial costs seconds under TCG; more than this is a typo.
        guard (0...64).contains(verifyPinKills) else {
            throw ValidationError("--verify-pin-kills must be 0 to 64, not \(verifyPinKills)")
        }
    }

    struct Outcome: Codable {
        var checks: [CheckList.Outcome]
        var race: RaceStats?
        var racePlan: String?
        var kills: KillChecks.Figures?
        var verifyPinKills: CallKillChecks.Figures?
    }

    var control: String { controlFile.path }

    func run() throws {
        let module = KernelModule(path: modulePath)
        if try !TextFile.exists(control) { try module.insert() }
        var list = CheckList()
        var outcome = Outcome(checks: [])
        var area: ModuleInfo.CMAArea?
        // The file's scope: it is closed before the teardown checks unload the module.
        do {
            let file = try ControlFile.open(control)
            let info = try file.info()
            area = info.cmaArea(named: cma)
            guard let area else { throw HarnessError.noCMAArea(cma, have: info.cmaAreas.map(\.name)) }
            let baseline = try Invariants.capture(file)
            let plan = racePlan(info, area)
            outcome.racePlan = "\(plan.threads) threads, \(plan.seconds) s, "
                + plan.methods.map(\.rawValue).joined(separator: ", ")
            list.check("race: \(outcome.racePlan ?? ""): only EBUSY or partial yields, stamps intact") {
                // The race threads share this file; RaceThreads.run joins
                // them all before withShared returns.
                let stats = file.withShared { RaceRunner(plan: plan, shared: $0).run() }
                outcome.race = stats
                print("# race: \(stats.summary)")
                try expect(stats.unexpected.isEmpty,
                           "\(stats.unexpected.count) unexpected: " + stats.unexpected.prefix(5).joined(separator: "; "))
                try expect(stats.badPages == 0, "\(stats.badPages) pages lost their stamp")
                try expect(stats.full > 0 && stats.frees > 0, "the race allocated nothing")
            }
            checkThief(outcome.race, &list)
            if plan.pinChurn { checkPinChurn(outcome.race, maxPins: plan.maxPins, &list) }
            if info.supports(.contigRange) && info.supports(.cmaWhole) {
                // On the race's own file: its pins must all be gone, too.
                EmptyPinCheck(area: area, pageblockOrder: info.pageblockOrder).run(file, &list)
            }
            checkInvariants("after the race", file, baseline, &list)
            try? PinChecks.scratch.fill(mib: PinChecks.scratchMiB)
            let kills = KillChecks(controlPath: control, area: area, trials: Int(clamping: killTrials), seed: seed)
            outcome.kills = kills.run(file, &list)
            PinChecks.scratch.remove()
            if let k = outcome.kills {
                print("# kills: \(k.interrupted) of \(k.trials) calls interrupted, \(k.killedPages) pages "
                      + "obtained by killed calls, \(k.closedPages) freed by close, worst exit \(k.worstExitMs) ms")
            }
            // Without the page cache: the victims' ALLOCs must be quick.
            let callKills = CallKillChecks(controlPath: control, area: area, trials: verifyPinKills,
                                           seed: seed).run(file, &list)
            if verifyPinKills > 0 {
                outcome.verifyPinKills = callKills
                print("# verify/pin kills: \(callKills.summary)")
            }
            checkInvariants("after the kills", file, baseline, &list)
        }
        if let area {
            TeardownChecks(module: module, controlPath: control, area: area).run(&list)
        }
        outcome.checks = list.outcomes
        if let out { try OutputDirectory.write(outcome, into: out, as: "reliability.json") }
        print(list.summaryLine)
        if list.failed > 0 { throw ExitCode(1) }
    }

    /// Every range method this kernel has, on the first 32 MiB of the area.
    private func racePlan(_ info: ModuleInfo, _ area: ModuleInfo.CMAArea) -> RacePlan {
        let methods: [AllocMethod] = [.rangeBulk, .cmaBulk, .cmaWhole, .cmaPerChunk, .contigRange]
        let window = area.basePFN..<min(area.endPFN, area.basePFN.saturatingAdd(8192))
        var plan = RacePlan(controlPath: control, area: area, window: window,
                            methods: methods.filter { info.supports($0) }, threads: threads,
                            seconds: raceSeconds, seed: seed)
        // PIN needs the CMA exports that cma-whole needs too.
        plan.pinChurn = info.supports(.cmaWhole)
        return plan
    }

    /// The thief FREEd ids of the shared file as the ALLOCs handed them
    /// out: each of that file's handles must have been freed exactly once,
    /// by its owner or by the thief, with all its pieces.
    private func checkThief(_ stats: RaceStats?, _ list: inout CheckList) {
        list.check("race thief: FREE of the ids just above the newest ALLOC on the shared file; each of its "
                   + "handles freed once, by its owner or the thief, with every piece") {
            guard let stats, let thief = stats.thief, let ledger = thief.ledger else {
                throw CheckFailure(description: "the race ran no thief")
            }
            print("# thief: \(thief.summary)")
            try expect(thief.surprises.isEmpty, "thief: \(thief.surprises)")
            try expect(ledger.problems.isEmpty, "\(ledger.problems)")
            try expect(ledger.stolen == stats.stolen,
                       "owners counted \(stats.stolen) handles stolen, the ledger \(ledger.stolen)")
            try expect(thief.hits > 0, "none of the thief's \(thief.probes) FREEs found a handle: "
                       + "no FREE raced a fresh ALLOC")
        }
    }

    /// PIN and PIN 0 on the shared file during the race: no errno (EBUSY
    /// would be pins left from an unpin or an empty PIN), answers that
    /// add up, and no pins left at the end.
    private func checkPinChurn(_ stats: RaceStats?, maxPins: UInt64, _ list: inout CheckList) {
        list.check("race pin churn: PIN of 1-\(maxPins) pages and PIN 0 on the shared file; no errno, "
                   + "a PIN that pinned nothing held nothing") {
            guard let churn = stats?.pinChurn else { throw CheckFailure(description: "the race ran no pin churn") }
            print("# pin churn: \(churn.summary)")
            try expect(churn.surprises.isEmpty, "\(churn.surprises)")
            try expect(churn.pins > 0, "no PIN was made")
        }
    }

    private func checkInvariants(_ when: String, _ file: borrowing ControlFile, _ baseline: Invariants,
                                 _ list: inout CheckList) {
        list.check("invariants back to baseline \(when)") {
            try Invariants.capture(file).check(against: baseline)
        }
    }
}
