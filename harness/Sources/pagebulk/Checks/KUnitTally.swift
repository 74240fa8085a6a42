import PagebulkProc

/// What `pagebulk kunit` prints: a line per leaf case, how many were
/// skipped, and last the `N passed, N failed` line the test scripts read.
/// A log that proves nothing (no KTAP, no case, a named suite absent)
/// counts as a failure, so that line never reads as a pass.
struct KUnitTally: Equatable {
    private(set) var lines: [String] = []
    private(set) var passed = 0
    private(set) var failed = 0
    private(set) var skipped = 0

    /// `source` names the log in messages; `suites`, when not empty, are
    /// the only suites that count, and each must be in the log.
    init(log text: String, source: String, suites wanted: [String]) {
        let log: KTAPLog
        do {
            log = try KTAPLog(parsing: text)
        } catch {
            fail("\(source): \(error)")
            return
        }
        for c in log.cases where wanted.isEmpty || wanted.contains(c.suite) {
            record(c)
        }
        let present = Set(log.suites.map(\.name))
        for name in wanted where !present.contains(name) {
            fail("suite \(name) is not in \(source)")
        }
        if passed == 0 && failed == 0 {
            fail("no KUnit test case ran to a verdict in \(source) (\(skipped) skipped)")
        }
    }

    /// Exit status 0 only for this.
    var succeeded: Bool { failed == 0 && passed >= 1 }

    var summaryLine: String { "\(passed) passed, \(failed) failed" }

    /// Everything to print, the summary line last.
    var output: [String] {
        lines + (skipped > 0 ? ["\(skipped) skipped"] : []) + [summaryLine]
    }

    private mutating func record(_ c: KTAPCase) {
        switch c.outcome {
        case .passed:
            passed += 1
            lines.append("ok   \(c.name)")
        case .failed:
            failed += 1
            lines.append("FAIL \(c.name)")
            lines += c.diagnostics.map { "     # \($0)" }
        case .missing:
            failed += 1
            lines.append("FAIL \(c.name) (missing)")
        case let .skipped(reason):
            skipped += 1
            lines.append("skip \(c.name)" + (reason.isEmpty ? "" : " (\(reason))"))
        }
    }

    private mutating func fail(_ why: String) {
        failed += 1
        lines.append("FAIL \(why)")
    }
}
