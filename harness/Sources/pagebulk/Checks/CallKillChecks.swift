#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit

/// SIGKILL in the middle of the module's long calls that allocate nothing:
/// VERIFY of a big holding and PIN of many pages. Both loop over pieces or
/// positions and must stop at a fatal signal, and a thread waiting for the
/// file's lock behind one must not stay blocked: the victim is gone within
/// `exitBoundMs` (the module once ran such calls to their end, seconds to
/// minutes), and closing its file frees the holding and drops the pins.
/// Run on an area without the kill checks' page cache, so that the
/// victims' allocations are quick and their release is cheap (order-4
/// pieces of range-bulk go back one free per piece).
struct CallKillChecks {
    var controlPath: String
    var area: ModuleInfo.CMAArea
    var trials: Int
    var seed: UInt64

    /// How long a killed victim may take to be gone.
    static let exitBoundMs: UInt64 = 5_000
    /// A whole VERIFY pass at least this long must also outlast the dying
    /// victim: one that ran its calls on after the kill would take longer.
    static let comparablePassMs: UInt64 = 1_000
    /// Thousands of order-4 pieces: a VERIFY pass of a second or more
    /// under TCG.
    static let verifyPieces: UInt64 = 4096
    static let verifyThreads = 2
    /// Longest the parent waits for a dying victim before giving up on it.
    static let giveUpMs = ChildProcess.reapBoundMs

    enum Call: String, Codable, Sendable {
        case verify = "VERIFY"
        case pin = "PIN"
    }

    /// Trials alternate, VERIFY first.
    static func call(forTrial trial: Int) -> Call { trial % 2 == 0 ? .verify : .pin }

    /// The upper half of the area, from a pageblock boundary: the PIN
    /// victim holds it, so that half of the PIN's positions (those of the
    /// lower half, which it visits first) pin free or in-use pages and the
    /// rest try and fail at every offset of a held pageblock. Nil when the
    /// area has no order-4 piece there.
    static func pinVictimRange(_ area: ModuleInfo.CMAArea) -> Range<UInt64>? {
        let mid = area.basePFN.saturatingAdd((area.pages / 2) & ~UInt64(511))
        let end = area.endPFN
        guard mid < end, (end - mid) >> 4 > 0 else { return nil }
        return mid..<end
    }

    /// `pagebulk hold` arguments of a victim of `call`; nil when the area
    /// is too small for one.
    static func arguments(_ call: Call, area: ModuleInfo.CMAArea) -> [String]? {
        switch call {
        case .verify:
            let pieces = min(verifyPieces, area.pages >> 4)
            guard pieces > 0 else { return nil }
            return ["--method", "range-bulk", "--mode", "normal", "--order", "4", "--count", "\(pieces)",
                    "--then", "verify", "--verify-threads", "\(verifyThreads)"]
        case .pin:
            guard let range = pinVictimRange(area), area.pages > 0 else { return nil }
            let pins = min(HoldCommand.maxPinCount, area.pages)
            return ["--method", "range-bulk", "--mode", "normal", "--order", "4",
                    "--count", "\((range.upperBound - range.lowerBound) >> 4)",
                    "--start", "\(range.lowerBound)", "--end", "\(range.upperBound)",
                    "--then", "pin", "--pin-count", "\(pins)"]
        }
    }

    /// When to kill a VERIFY victim, in ms after its threads started:
    /// between a quarter and three quarters of one whole pass, so that
    /// the kill finds a call in the middle of its pieces.
    static func verifyKillDelayMs(passMs: UInt64, random: UInt64) -> UInt64 {
        let pass = min(passMs, 600_000)
        return max(50, pass / 4 + random % max(1, pass / 2))
    }

    /// When to kill a PIN victim, in ms after its loop started.
    static func pinKillDelayMs(random: UInt64) -> UInt64 { 300 + random % 1200 }

    /// Figures for the README: how long the dying victims took.
    struct Figures: Codable {
        var trials = 0, verifyKills = 0, pinKills = 0
        var worstExitMs: UInt64 = 0
        /// The longest whole VERIFY STAMP pass a victim reported.
        var verifyPassMs: UInt64 = 0
        /// PIN calls that had returned before a kill (the one killed is not counted).
        var pinCallsBeforeKill = 0
        var closedPages: UInt64 = 0

        var summary: String {
            "\(verifyKills) VERIFY and \(pinKills) PIN calls killed in \(trials) trials, worst exit \(worstExitMs) ms "
                + "(bound \(CallKillChecks.exitBoundMs) ms), a whole VERIFY \(verifyPassMs) ms, "
                + "\(closedPages) pages freed by close"
        }
    }

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) -> Figures {
        var figures = Figures()
        guard trials > 0 else { return figures }
        guard let me = ChildProcess.ownExecutable() else {
            list.check("SIGKILL checks find their own executable") { throw CheckFailure(description: "no /proc/self/exe") }
            return figures
        }
        // The victims allocate with range-bulk, the series' method whose
        // order-4 pieces go back one free each when the victim's file closes.
        if let info = try? control.info(), !info.supports(.rangeBulk) {
            list.check("SIGKILL in the middle of VERIFY and PIN: the victims can allocate") {
                throw HarnessError.methodNotOffered(AllocMethod.rangeBulk.rawValue, have: info.methods.map(\.rawValue))
            }
            return figures
        }
        var rng = SplitMix64(seed: seed ^ 0xC0FF_EE00)
        for trial in 0..<trials {
            switch Self.call(forTrial: trial) {
            case .verify:
                list.check("SIGKILL in the middle of VERIFY of \(Self.verifyPieces) x order-4 on "
                           + "\(Self.verifyThreads) threads of one file: both calls end, the victim is gone "
                           + "within \(Self.exitBoundMs) ms, close frees the holding") {
                    try killTrial(.verify, me, control, &rng, &figures)
                }
            case .pin:
                list.check("SIGKILL in the middle of PIN of \(min(HoldCommand.maxPinCount, area.pages)) pages "
                           + "over a half-held area: the call ends, the victim is gone within \(Self.exitBoundMs) ms, "
                           + "close frees the holding and drops the pins") {
                    try killTrial(.pin, me, control, &rng, &figures)
                }
            }
        }
        return figures
    }

    private func killTrial(_ call: Call, _ me: String, _ control: borrowing ControlFile, _ rng: inout SplitMix64,
                           _ figures: inout Figures) throws {
        guard let arguments = Self.arguments(call, area: area) else {
            throw CheckFailure(description: "CMA area \(area.name) of \(area.pages) pages is too small")
        }
        let before = try control.info()
        // What the area yields with nobody holding pins: the PIN victim's
        // pins must all be gone again after its close.
        let yieldBefore = call == .pin ? try areaYield(control) : 0
        // Whatever throws below, leaving the scope kills and reaps the
        // victim, waiting at most ChildProcess.reapBoundMs (giveUpMs).
        var child = try ChildProcess([me, "hold", "--control", controlPath, "--cma", area.name] + arguments)
        func next(_ child: inout ChildProcess, _ timeoutMs: Int32, _ what: String) throws -> VictimLine {
            let line = VictimLine(child.readLine(timeoutMs: timeoutMs))
            if case .other = line {
                throw CheckFailure(description: "the victim did not say \(what) (said '\(line.text)')")
            }
            if case let .error(message) = line { throw CheckFailure(description: "victim: \(message)") }
            return line
        }
        guard try next(&child, 30_000, "allocating") == .allocating,
              case let .holding(_, pieces) = try next(&child, 120_000, "holding") else {
            throw CheckFailure(description: "the victim did not start")
        }
        try expect(pieces > 0, "the victim's ALLOC obtained nothing")
        let delayMs: UInt64
        var passMs: UInt64?
        switch call {
        case .verify:
            guard case let .verified(checked, stampMs, _, bad) = try next(&child, 300_000, "verified") else {
                throw CheckFailure(description: "the victim did not verify")
            }
            try expect(checked == pieces && bad == 0, "before the kill VERIFY saw \(checked) of \(pieces) pieces, "
                       + "\(bad) bad pages")
            guard try next(&child, 10_000, "verifying") == .verifying else {
                throw CheckFailure(description: "the victim's threads did not start")
            }
            passMs = stampMs
            figures.verifyPassMs = max(figures.verifyPassMs, stampMs)
            delayMs = Self.verifyKillDelayMs(passMs: stampMs, random: rng.next())
        case .pin:
            guard try next(&child, 10_000, "pinning") == .pinning else {
                throw CheckFailure(description: "the victim did not start pinning")
            }
            delayMs = Self.pinKillDelayMs(random: rng.next())
        }
        let said = child.lines(forMs: delayMs).map { VictimLine($0) }
        let killedAt = MonotonicClock.nowNs()
        child.kill()
        // Given up on, the victim is left as it is: a wait after SIGKILL
        // that timed out is not repeated when `child` goes.
        let status = child.wait(timeoutMs: Self.giveUpMs)
        let exitMs = HoldActivity.msSince(killedAt)
        figures.trials += 1
        figures.worstExitMs = max(figures.worstExitMs, exitMs)
        if let error = said.first(where: \.isError) {
            throw CheckFailure(description: "before the kill, victim: \(error.text)")
        }
        guard let status else {
            throw CheckFailure(description: "the victim still runs \(Self.giveUpMs) ms after SIGKILL")
        }
        try expect(status == 128 + SIGKILL, "victim exit status \(status)")
        switch call {
        case .verify: figures.verifyKills += 1
        case .pin:
            figures.pinKills += 1
            figures.pinCallsBeforeKill += said.filter { if case .pinned = $0 { true } else { false } }.count
        }
        try expect(exitMs < Self.exitBoundMs,
                   "the victim took \(exitMs) ms to die \(delayMs) ms into its \(call.rawValue) calls")
        if let passMs, passMs >= Self.comparablePassMs {
            try expect(exitMs < passMs, "the victim took \(exitMs) ms to die, longer than a whole VERIFY "
                       + "(\(passMs) ms): its calls ran on after the kill")
        }
        let after = try control.info()
        try expect(after.heldHandles == 0 && after.heldPages == 0,
                   "module holds \(after.heldHandles) handles, \(after.heldPages) pages after the victim died")
        let killed = try after.killedAllocs.growth(since: before.killedAllocs, of: "killed_allocs")
        let closedHandles = try after.closedHandles.growth(since: before.closedHandles, of: "closed_handles")
        let closedPages = try after.closedPages.growth(since: before.closedPages, of: "closed_pages")
        figures.closedPages = figures.closedPages.saturatingAdd(closedPages)
        try expect(killed == 0, "\(killed) ALLOCs counted as killed; the victim's had returned")
        try expect(closedHandles == 1 && closedPages == pieces.basePages(order: 4),
                   "close freed \(closedHandles) handles, \(closedPages) pages; the victim held 1, "
                   + "\(pieces.basePages(order: 4))")
        if call == .pin {
            let yieldAfter = try areaYield(control)
            try expect(yieldAfter.isAtLeast(percent: 99, of: yieldBefore),
                       "after the victim's close the area yields \(yieldAfter) order-4 pieces, "
                       + "\(yieldBefore) before: its pins were not all dropped")
        }
    }

    /// Order-4 pieces the whole area yields to range-bulk NORMAL (which
    /// drains the per-cpu lists, where unpinned pages land), freed at once.
    private func areaYield(_ control: borrowing ControlFile) throws -> UInt64 {
        guard area.pages >> 4 > 0 else {
            throw CheckFailure(description: "CMA area \(area.name) of \(area.pages) pages holds no order-4 piece")
        }
        let r = try control.alloc(AllocRequest(method: .rangeBulk, order: 4, count: area.pages >> 4, mode: .normal,
                                               cmaArea: area.index))
        if r.handle != 0 { _ = try control.free(handle: r.handle) }
        if r.obtained == 0 {
            throw CheckFailure(description: "the area yields no order-4 piece (allocator error \(r.error))")
        }
        return r.obtained
    }
}
