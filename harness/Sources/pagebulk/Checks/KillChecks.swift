#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit

/// SIGKILL in the middle of long allocation calls. The dying caller's call
/// must end soon (the allocator loops check fatal_signal_pending()), hand
/// what it got to the module like any yield, and the close on exit must
/// free it: nothing stays held, leaked or isolated.
struct KillChecks {
    var controlPath: String
    var area: ModuleInfo.CMAArea
    var trials: Int
    var seed: UInt64

    /// A victim: what it allocates, with how many pins in the area first.
    struct Victim {
        var name: String
        var arguments: [String]
    }

    var victims: [Victim] {
        let all = "\(area.pages >> 4)"
        return [
            Victim(name: "cma_alloc() per piece over 10 pins",
                   arguments: ["--method", "cma-chunk", "--order", "4", "--count", all, "--pins", "10"]),
            Victim(name: "cma_alloc_bulk() HARD over 100 pins",
                   arguments: ["--method", "cma-bulk", "--mode", "hard", "--order", "4", "--count", all,
                               "--pins", "100"]),
            Victim(name: "alloc_pages_bulk() HARD over the area",
                   arguments: ["--method", "range-bulk", "--mode", "hard", "--order", "0",
                               "--count", "\(area.pages)"]),
            Victim(name: "alloc_contig_range() of the area",
                   arguments: ["--method", "contig-range", "--order", "4", "--count", all]),
        ]
    }

    /// Figures for the README: how many calls a kill interrupted and how
    /// long the dying caller took to go.
    struct Figures: Codable {
        var trials = 0, interrupted = 0, finishedFirst = 0
        var killedPages: UInt64 = 0, closedPages: UInt64 = 0
        var worstExitMs: UInt64 = 0
    }

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) -> Figures {
        var figures = Figures()
        guard let me = ChildProcess.ownExecutable() else {
            list.check("SIGKILL checks find their own executable") { throw CheckFailure(description: "no /proc/self/exe") }
            return figures
        }
        var rng = SplitMix64(seed: seed)
        for trial in 0..<trials {
            let victim = victims[trial % victims.count]
            let delayMs = 100 + rng.next() % 1400
            list.check("SIGKILL \(delayMs) ms into \(victim.name): the call ends, close frees its yield") {
                try killTrial(me, victim, delayMs: delayMs, control, &figures)
            }
        }
        return figures
    }

    private func killTrial(_ me: String, _ victim: Victim, delayMs: UInt64, _ control: borrowing ControlFile,
                           _ figures: inout Figures) throws {
        let before = try control.info()
        var child = try ChildProcess([me, "hold", "--control", controlPath, "--cma", area.name] + victim.arguments)
        guard child.readLine(timeoutMs: 30_000) == "allocating" else {
            // Leaving the scope kills and reaps it.
            throw CheckFailure(description: "the victim did not start")
        }
        // Still allocating at the deadline: the call is in progress.
        let early = child.readLine(timeoutMs: Int32(clamping: delayMs))
        let killedAt = MonotonicClock.nowNs()
        child.kill()
        let status = try child.wait()
        let exitMs = HoldActivity.msSince(killedAt)
        // A call that ended between the deadline and the signal has
        // written its line by now: it finished first, it was not killed.
        let finished = early ?? child.readLine(timeoutMs: 0)
        let after = try control.info()
        figures.trials += 1
        figures.worstExitMs = max(figures.worstExitMs, exitMs)
        try expect(status == 128 + SIGKILL, "victim exit status \(status)")
        try expect(after.heldHandles == 0 && after.heldPages == 0,
                   "module holds \(after.heldHandles) handles, \(after.heldPages) pages after the victim died")
        let killed = try after.killedAllocs.growth(since: before.killedAllocs, of: "killed_allocs")
        let killedPages = try after.killedPages.growth(since: before.killedPages, of: "killed_pages")
        let closedPages = try after.closedPages.growth(since: before.closedPages, of: "closed_pages")
        if finished != nil {
            figures.finishedFirst += 1
            try expect(killed == 0, "a finished call counted as killed")
            return
        }
        figures.interrupted += 1
        figures.killedPages = figures.killedPages.saturatingAdd(killedPages)
        figures.closedPages = figures.closedPages.saturatingAdd(closedPages)
        try expect(killed == 1, "\(killed) calls ended with a fatal signal, want 1")
        try expect(closedPages == killedPages,
                   "the killed call obtained \(killedPages) pages, close freed \(closedPages)")
        try expect(exitMs < 30_000, "the victim took \(exitMs) ms to die")
    }
}
