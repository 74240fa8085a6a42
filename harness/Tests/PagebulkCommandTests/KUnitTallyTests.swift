import Testing
@testable import pagebulk

/// What `pagebulk kunit` prints and whether it passes. The logs here are
/// constructed from the KTAP format, not captured.
@Suite struct KUnitTallyTests {
    static let log = """
        [    1.020000] KTAP version 1
        [    1.020010] 1..2
        [    1.020100]     KTAP version 1
        [    1.020110]     # Subtest: pagebulk
        [    1.020120]     1..3
        [    1.031200]     ok 1 split_page_by_order_refcount
        [    1.041234] random: crng init done
        [    1.070000]     # harvest_bound: EXPECTATION FAILED at mm/page_alloc_bulk_kunit.c:142
        [    1.070010]     not ok 2 harvest_bound
        [    1.080000]     ok 3 x # SKIP no CMA area
        [    1.080030] not ok 1 pagebulk
        [    1.090000]     KTAP version 1
        [    1.090010]     # Subtest: other
        [    1.090020]     1..1
        [    1.090030]     ok 1 y
        [    1.090040] ok 2 other
        """

    @Test func oneLinePerCaseThenSkippedThenTheSummaryLast() {
        let tally = KUnitTally(log: Self.log, source: "dmesg", suites: [])
        #expect(tally.output == [
            "ok   pagebulk.split_page_by_order_refcount",
            "FAIL pagebulk.harvest_bound",
            "     # harvest_bound: EXPECTATION FAILED at mm/page_alloc_bulk_kunit.c:142",
            "skip pagebulk.x (no CMA area)",
            "ok   other.y",
            "1 skipped",
            "2 passed, 1 failed",
        ])
        #expect(!tally.succeeded)
    }

    @Test func suitesRestrictWhatCounts() {
        let other = KUnitTally(log: Self.log, source: "dmesg", suites: ["other"])
        #expect(other.output == ["ok   other.y", "1 passed, 0 failed"])
        #expect(other.succeeded)
    }

    @Test func aNamedSuiteThatIsAbsentFails() {
        let tally = KUnitTally(log: Self.log, source: "/dev/kmsg", suites: ["other", "pagebulk_pcp"])
        #expect(tally.output == ["ok   other.y", "FAIL suite pagebulk_pcp is not in /dev/kmsg", "1 passed, 1 failed"])
        #expect(!tally.succeeded)
    }

    @Test func missingCasesFailByName() {
        let crashed = """
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: pagebulk
                1..3
                ok 1 a
            Kernel panic - not syncing: Fatal exception
            """
        let tally = KUnitTally(log: crashed, source: "console.log", suites: ["pagebulk"])
        #expect(tally.output == ["ok   pagebulk.a", "FAIL pagebulk.#2 (missing)", "FAIL pagebulk.#3 (missing)",
                                 "1 passed, 2 failed"])
    }

    /// A run that shows nothing cannot pass: the summary says failed too,
    /// so a script that adds up the last lines does not count it a pass.
    @Test func noKTAPNoCasesOrOnlySkipsFail() {
        let none = KUnitTally(log: "[    0.000000] Linux version 6.12.117\n", source: "dmesg", suites: [])
        #expect(none.output.last == "0 passed, 1 failed")
        #expect(none.output.first?.hasPrefix("FAIL dmesg: no KTAP version line") == true)
        #expect(!none.succeeded)

        let empty = KUnitTally(log: "KTAP version 1\n1..0\n", source: "dmesg", suites: [])
        #expect(empty.output == ["FAIL no KUnit test case ran to a verdict in dmesg (0 skipped)", "0 passed, 1 failed"])

        let skips = KUnitTally(log: "KTAP version 1\n1..1\nok 1 s # SKIP all of it\n", source: "dmesg", suites: [])
        #expect(skips.output.suffix(2) == ["1 skipped", "0 passed, 1 failed"])
        #expect(!skips.succeeded)
    }

    @Test func theSummaryIsWhatTheScriptsGrepFor() {
        let line = KUnitTally(log: Self.log, source: "dmesg", suites: []).summaryLine
        #expect(line.wholeMatch(of: /[0-9]+ passed, [0-9]+ failed/) != nil)
    }
}
