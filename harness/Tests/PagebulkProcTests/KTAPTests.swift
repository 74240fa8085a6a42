import Testing
@testable import PagebulkProc

/// KUnit's KTAP output read out of kernel logs. The fixture
/// `kunit-constructed.dmesg` is constructed by hand from ktap.rst and
/// lib/kunit/test.c, not captured from a boot (see Fixtures/README.md).
@Suite struct KTAPFixtureTests {
    let log: KTAPLog

    init() throws {
        log = try KTAPLog(parsing: Fixture.text("kunit-constructed.dmesg"))
    }

    @Test func suitesAndTheirVerdicts() {
        #expect(log.suites.map(\.name) == ["pagebulk", "cma_bulk"])
        #expect(log.suites.map(\.outcome) == [.failed, .failed])
        #expect(log.suites[0].subtests.map(\.name)
                == ["split_page_by_order_refcount", "alloc_pages_bulk_orders", "harvest_bound", "cma_bulk_pins"])
        // The suite's stats lines come after its last case: they are its own.
        #expect(log.suites[0].diagnostics == ["pagebulk: pass:2 fail:1 skip:1 total:4",
                                              "Totals: pass:4 fail:1 skip:1 total:6"])
    }

    @Test func everyLeafCaseCountsOnce() {
        let cases = log.cases
        #expect(cases.count == 10)
        #expect(cases.filter { $0.outcome == .passed }.count == 7)
        #expect(cases.filter { $0.outcome == .failed }.map(\.name)
                == ["pagebulk.harvest_bound", "cma_bulk.cma_bulk_modes.fast"])
        #expect(cases.filter { $0.outcome == .skipped(reason: "no CMA area: boot with cma=") }.map(\.name)
                == ["pagebulk.cma_bulk_pins"])
    }

    @Test func parametersAreLeavesUnderTheirCase() throws {
        let orders = try #require(log.suites[0].subtests.first { $0.name == "alloc_pages_bulk_orders" })
        #expect(orders.subtests.map(\.name) == ["order-0", "order-4", "order-9"])
        #expect(orders.outcome == .passed)
        #expect(orders.diagnostics == ["alloc_pages_bulk_orders: pass:3 fail:0 skip:0 total:3"])
        #expect(log.cases.map(\.name).contains("pagebulk.alloc_pages_bulk_orders.order-4"))
        #expect(!log.cases.map(\.name).contains("pagebulk.alloc_pages_bulk_orders"))
    }

    @Test func failuresKeepTheirAssertionLine() throws {
        let harvest = try #require(log.cases.first { $0.name == "pagebulk.harvest_bound" })
        #expect(harvest.diagnostics == ["harvest_bound: EXPECTATION FAILED at mm/page_alloc_bulk_kunit.c:142"])
        // A parameter's assertion is printed at its case's indentation.
        let fast = try #require(log.cases.first { $0.name == "cma_bulk.cma_bulk_modes.fast" })
        #expect(fast.diagnostics == ["cma_bulk_modes: EXPECTATION FAILED at mm/cma_kunit.c:88"])
    }
}

@Suite struct KTAPParserTests {
    func cases(_ text: String) throws -> [KTAPCase] {
        try KTAPLog(parsing: text).cases
    }

    @Test func allPassing() throws {
        let found = try cases("""
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: pagebulk
                1..2
                ok 1 split_page_by_order_refcount
                ok 2 alloc_pages_bulk_empty_range
            ok 1 pagebulk
            """)
        #expect(found.map(\.name) == ["pagebulk.split_page_by_order_refcount",
                                      "pagebulk.alloc_pages_bulk_empty_range"])
        #expect(found.allSatisfy { $0.outcome == .passed })
    }

    @Test func failingCaseWithDirectiveData() throws {
        let found = try cases("""
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: s
                1..2
                not ok 1 slow # TIMEOUT 30 seconds
                ok 2 rc # rcode=0
            not ok 1 s
            """)
        #expect(found.map(\.outcome) == [.failed, .passed])
        #expect(found.map(\.diagnostics) == [["TIMEOUT 30 seconds"], ["rcode=0"]])
    }

    @Test func skippedWithAndWithoutReason() throws {
        let found = try cases("""
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: s
                1..3
                ok 1 a # SKIP no CMA area
                not ok 2 b # SKIP
                ok 3 c # skip lower case
            ok 1 s
            """)
        #expect(found.map(\.outcome) == [.skipped(reason: "no CMA area"), .skipped(reason: ""),
                                         .skipped(reason: "lower case")])
    }

    @Test func nestedParametersAndASuiteThatFailedToInitialize() throws {
        let found = try cases("""
            KTAP version 1
            1..2
                KTAP version 1
                # Subtest: s
                1..1
                    KTAP version 1
                    # Subtest: by_order
                    ok 1 order 0
                    not ok 2 order 9
                    ok 3 order 10 # SKIP MAX_PAGE_ORDER is 10
                not ok 1 by_order
            not ok 1 s
                # t: failed to initialize (-12)
            not ok 2 t
            """)
        #expect(found.map(\.name) == ["s.by_order.order 0", "s.by_order.order 9", "s.by_order.order 10", "t"])
        #expect(found.map(\.outcome) == [.passed, .failed, .skipped(reason: "MAX_PAGE_ORDER is 10"), .failed])
        #expect(found[3].diagnostics == ["t: failed to initialize (-12)"])
    }

    /// The kernel crashed in the fourth case of five: the rest never ran.
    @Test func aShortPlanCountsTheMissingCasesAsFailed() throws {
        let log = try KTAPLog(parsing: """
            [    1.000000] KTAP version 1
            [    1.000001] 1..2
            [    1.000002]     KTAP version 1
            [    1.000003]     # Subtest: pagebulk
            [    1.000004]     1..5
            [    1.000005]     ok 1 a
            [    1.000006]     ok 2 b
            [    1.000007]     not ok 3 c
            [    1.000008] BUG: unable to handle page fault for address: ffffffffffffff8
            [    1.000009] Kernel panic - not syncing: Fatal exception
            """)
        #expect(log.suites.map(\.name) == ["pagebulk", "#2"])
        #expect(log.suites.map(\.outcome) == [.missing, .missing])
        #expect(log.cases.map(\.name) == ["pagebulk.a", "pagebulk.b", "pagebulk.c", "pagebulk.#4", "pagebulk.#5", "#2"])
        #expect(log.cases.map(\.outcome) == [.passed, .passed, .failed, .missing, .missing, .missing])
        #expect(log.cases.filter(\.outcome.isFailure).count == 4)
    }

    /// Every case reported, then a crash before the suite's own line.
    @Test func aSuiteThatNeverEndedFailsOnItsOwn() throws {
        let found = try cases("""
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: s
                1..1
                    KTAP version 1
                    # Subtest: p
                    ok 1 x
            """)
        #expect(found.map(\.name) == ["s.p.x", "s.p"])
        #expect(found.map(\.outcome) == [.passed, .missing])
    }

    @Test func aGapInTheNumbersIsAMissingCase() throws {
        let found = try cases("KTAP version 1\n1..3\nok 1 a\nok 3 c\n")
        #expect(found.map(\.name) == ["a", "#2", "c"])
        #expect(found[1].outcome == .missing)
    }

    @Test func kmsgRecords() throws {
        let found = try cases("""
            6,1230,1020000,-;KTAP version 1
            6,1231,1020010,-;1..1
            6,1232,1020100,-;    KTAP version 1
            6,1233,1020110,-;    # Subtest: pagebulk
            6,1234,1020120,-;    1..2
            6,1235,5678901,-;    ok 1 name
            3,1236,5678902,-,caller=T1;    # bad: EXPECTATION FAILED at x.c:1\\x0a    Expected a == b
            6,1237,5678903,c;    not ok 2 bad
             SUBSYSTEM=virtio
             DEVICE=+virtio:virtio1
            6,1238,5678904,-;not ok 1 pagebulk
            """)
        #expect(found.map(\.name) == ["pagebulk.name", "pagebulk.bad"])
        #expect(found.map(\.outcome) == [.passed, .failed])
        #expect(found[1].diagnostics == ["bad: EXPECTATION FAILED at x.c:1"])
    }

    @Test func dmesgCallerIdsAndCarriageReturns() throws {
        let found = try cases("[    1.000000] [    T1] KTAP version 1\r\n[    1.000001] [    T1] 1..1\r\n"
                              + "[    1.000002] [   C0] ok 1 a\r\n")
        #expect(found.map(\.name) == ["a"])
    }

    @Test func theSpecExampleWithTwoSpaceIndentation() throws {
        let log = try KTAPLog(parsing: """
            KTAP version 1
            1..1
              KTAP version 1
              1..3
                KTAP version 1
                1..1
                # test_1: initializing test_1
                ok 1 test_1
              ok 1 example_test_1
                KTAP version 1
                1..2
                ok 1 test_1 # SKIP test_1 skipped
                ok 2 test_2
              ok 2 example_test_2
                KTAP version 1
                1..3
                ok 1 test_1
                # test_2: FAIL
                not ok 2 test_2
                ok 3 test_3 # SKIP test_3 skipped
              not ok 3 example_test_3
            not ok 1 main_test
            """)
        #expect(log.suites.map(\.name) == ["main_test"])
        let found = log.cases
        #expect(found.count == 6)
        #expect(found.map(\.name)[3] == "main_test.example_test_3.test_1")
        #expect(found.filter(\.outcome.isFailure).map(\.name) == ["main_test.example_test_3.test_2"])
        #expect(found[0].diagnostics == ["test_1: initializing test_1"])
    }

    @Test func aModuleLoadedLaterIsAnotherDocument() throws {
        let log = try KTAPLog(parsing: """
            KTAP version 1
            1..1
            ok 1 boot_suite
            eth0: link up
            KTAP version 1
            1..1
                KTAP version 1
                # Subtest: module_suite
                1..1
                ok 1 t
            ok 1 module_suite
            """)
        #expect(log.suites.map(\.name) == ["boot_suite", "module_suite"])
        #expect(log.cases.map(\.name) == ["boot_suite", "module_suite.t"])
    }

    @Test func noKTAPAtAll() {
        #expect(throws: KTAPError.noVersionLine(lines: 3)) {
            try KTAPLog(parsing: "[    0.000000] Linux version 6.12.117\nok 1 looks like a result\n1..1")
        }
        #expect(throws: KTAPError.noVersionLine(lines: 1)) { try KTAPLog(parsing: "") }
    }

    @Test func aVersionLineAloneHasNoCases() throws {
        #expect(try KTAPLog(parsing: "KTAP version 1\n1..0\n").cases.isEmpty)
    }

    @Test func implausibleNumbersAreRejectedNotCounted() {
        #expect(throws: KTAPError.implausibleNumber(line: 2, number: 99_999_999)) {
            try KTAPLog(parsing: "KTAP version 1\n1..99999999\n")
        }
        #expect(throws: KTAPError.self) {
            try KTAPLog(parsing: "KTAP version 1\nok 99999999999999999999999 x\n")
        }
    }

    @Test func lineGrammar() {
        #expect(KTAPLine("ok 1 - dashed name") == .result(.init(ok: true, number: 1, name: "dashed name")))
        #expect(KTAPLine("not ok 12") == .result(.init(ok: false, number: 12, name: "")))
        #expect(KTAPLine("ok") == .unknown)
        #expect(KTAPLine("ok x") == .unknown)
        #expect(KTAPLine("okay 1") == .unknown)
        #expect(KTAPLine("1..3 # SKIP") == .plan(count: 3))
        #expect(KTAPLine("1..x") == .unknown)
        #expect(KTAPLine("TAP version 14") == .version)
        #expect(KTAPLine("# Subtest: name with spaces") == .subtest(name: "name with spaces"))
        #expect(KTAPLine.split("    ok 1 a  ").indent == 4)
        #expect(KernelLogLine.droppingTimestamp("[drm] not a timestamp") == "[drm] not a timestamp")
        #expect(KernelLogLine.kmsgMessage("1,2;x") == nil)
    }
}

/// The series' own suite, as two real boots logged it.
@Suite struct KTAPCapturedTests {
    @Test func aPassingBootCountsEveryLeaf() throws {
        let log = try KTAPLog(parsing: Fixture.text("kunit-page_alloc_bulk-pass.dmesg"))
        #expect(log.suites.map(\.name) == ["page_alloc_bulk"])
        #expect(log.cases.count == 14)
        #expect(log.cases.allSatisfy { $0.outcome == .passed })
        #expect(log.cases.map(\.name).contains("page_alloc_bulk.bulk_busy_page.hard"))
    }

    @Test func aFailingBootNamesTheCaseAndItsLine() throws {
        let log = try KTAPLog(parsing: Fixture.text("kunit-page_alloc_bulk-fail.dmesg"))
        let failed = log.cases.filter { $0.outcome == .failed }
        #expect(log.cases.count == 14)
        #expect(failed.map(\.name) == ["page_alloc_bulk.free_pages_bulk_null_entries"])
        #expect(failed.first?.diagnostics.contains { $0.contains("page_alloc_bulk_kunit.c:442") } == true)
    }
}
