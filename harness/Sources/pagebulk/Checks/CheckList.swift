import PagebulkKit
import SystemPackage

/// A list of named checks run in order, TAP-like output, and the closing
/// `N passed, N failed` line the test runners look for.
struct CheckFailure: Error, CustomStringConvertible {
    var description: String
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(description: message()) }
}

struct CheckList {
    struct Outcome: Codable {
        var name: String
        var passed: Bool
        var detail: String?
    }

    private(set) var outcomes: [Outcome] = []

    mutating func check(_ name: String, _ body: () throws -> Void) {
        do {
            try body()
            outcomes.append(Outcome(name: name, passed: true))
            print("\(Terminal.green("ok")) \(outcomes.count) - \(name)")
        } catch {
            outcomes.append(Outcome(name: name, passed: false, detail: "\(error)"))
            print("\(Terminal.red("not ok")) \(outcomes.count) - \(name): \(error)")
        }
    }

    var passed: Int { outcomes.filter(\.passed).count }
    var failed: Int { outcomes.count - passed }
    var summaryLine: String { "\(passed) passed, \(failed) failed" }
}

/// Run `body`, which must fail with `want`.
func expectErrno(_ want: Errno, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let PagebulkError.system(_, _, errno) {
        try expect(errno == want, "got \(errno), want \(want)")
        return
    }
    throw CheckFailure(description: "succeeded, want \(want)")
}
