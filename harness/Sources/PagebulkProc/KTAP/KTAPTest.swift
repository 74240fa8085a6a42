/// One test of a KTAP document: a KUnit suite, a case of it, or one
/// parameter of a parameterized case.
public struct KTAPTest: Equatable, Sendable {
    public enum Outcome: Equatable, Sendable {
        case passed
        case failed
        case skipped(reason: String)
        /// No result line came: a plan promised the test, or its subtests
        /// began and never ended. The kernel crashed, hung, or the log
        /// lost the lines; either way it did not pass.
        case missing

        /// Failed and missing tests both fail a run.
        public var isFailure: Bool { self == .failed || self == .missing }
    }

    /// Its number in its parent's list, from 1.
    public var number: Int
    /// The result line's description; `#N` for a missing test, whose
    /// name was never printed (`#` cannot occur in a KTAP description).
    public var name: String
    public var outcome: Outcome
    /// Its `#` lines (without the `#`) and a non-SKIP directive, in order.
    public var diagnostics: [String]
    public var subtests: [KTAPTest]

    public init(number: Int, name: String, outcome: Outcome, diagnostics: [String] = [],
                subtests: [KTAPTest] = []) {
        self.number = number
        self.name = name
        self.outcome = outcome
        self.diagnostics = diagnostics
        self.subtests = subtests
    }

    /// The cases that count: every test without subtests (each parameter
    /// of a parameterized case counts on its own), named by their path.
    public var cases: [KTAPCase] { cases(under: []) }

    private func cases(under parent: [String]) -> [KTAPCase] {
        let path = parent + [name]
        guard !subtests.isEmpty else {
            return [KTAPCase(path: path, outcome: outcome, diagnostics: diagnostics)]
        }
        var found = subtests.flatMap { $0.cases(under: path) }
        // A parent that failed, or never ended, while every subtest
        // passed: its own verdict must count, or the failure is lost.
        if outcome.isFailure && !found.contains(where: \.outcome.isFailure) {
            found.append(KTAPCase(path: path, outcome: outcome, diagnostics: diagnostics))
        }
        return found
    }
}

/// A leaf test case with the names of the tests above it.
public struct KTAPCase: Equatable, Sendable {
    /// Suite first: ["pagebulk", "harvest_bound", "order-4"].
    public var path: [String]
    public var outcome: KTAPTest.Outcome
    public var diagnostics: [String]

    public init(path: [String], outcome: KTAPTest.Outcome, diagnostics: [String] = []) {
        self.path = path
        self.outcome = outcome
        self.diagnostics = diagnostics
    }

    public var suite: String { path.first ?? "" }
    /// `suite.case.parameter`.
    public var name: String { path.joined(separator: ".") }
}
