import Testing
@testable import PagebulkKit

/// `Invariants.violations` decides every scenario and suite: what differs
/// from the baseline fails the run, with the numbers in the sentence.
@Suite struct InvariantsTests {
    let baseline = Invariants(freePages: 100_000, isolatedPageblocks: 0, cmaUsed: ["reserved": 0],
                              heldHandles: 0, heldPages: 0, moduleAllocBytes: nil)

    @Test func theSameStateHolds() throws {
        #expect(baseline.violations(against: baseline).isEmpty)
        try baseline.check(against: baseline)
    }

    @Test func freePagesMayDriftByHalfAPercent() {
        var now = baseline
        now.freePages = 99_500
        #expect(now.violations(against: baseline).isEmpty)
        now.freePages = 99_499
        #expect(now.violations(against: baseline) == ["free pages 99499, baseline 100000 (more than 0.5% lower)"])
        // More free pages than before is never a leak.
        now.freePages = 200_000
        #expect(now.violations(against: baseline).isEmpty)
    }

    /// With allocation profiling (the debug kernel) free pages get 3 %, and
    /// /proc/allocinfo is the exact check.
    @Test func theDebugKernelChecksAllocinfo() {
        var debugBaseline = baseline
        debugBaseline.moduleAllocBytes = 4096
        var now = debugBaseline
        now.freePages = 97_500
        #expect(now.violations(against: debugBaseline).isEmpty)
        now.freePages = 96_999
        now.moduleAllocBytes = 8192
        #expect(now.violations(against: debugBaseline) == [
            "free pages 96999, baseline 100000 (more than 3.0% lower)",
            "/proc/allocinfo: the module's call sites hold 8192 bytes, baseline 4096",
        ])
    }

    @Test func everyOtherDifferenceIsNamed() {
        var now = baseline
        now.isolatedPageblocks = 2
        now.cmaUsed = ["reserved": 512]
        now.heldHandles = 1
        now.heldPages = 16
        #expect(now.violations(against: baseline) == [
            "2 pageblocks still isolated",
            "CMA reserved used 512, baseline 0",
            "module still holds 1 handles, 16 pages",
        ])
        #expect(throws: InvariantViolation.self) { try now.check(against: baseline) }
        do {
            try now.check(against: baseline)
        } catch {
            #expect("\(error)".hasPrefix("invariants broken: 2 pageblocks still isolated; CMA reserved used 512"))
        }
    }

    /// An area only the new state lists (CMA debugfs appeared) counts from 0.
    @Test func aNewCMAAreaIsComparedWithZero() {
        var now = baseline
        now.cmaUsed["other"] = 3
        #expect(now.violations(against: baseline) == ["CMA other used 3, baseline 0"])
    }
}
