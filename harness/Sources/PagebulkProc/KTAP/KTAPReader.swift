/// Builds the tree of tests from KTAP lines. Nesting is read from
/// indentation, whatever its width (KUnit indents by 4, the spec by 2): a
/// version, plan or result line deeper than the open list opens a nested
/// one, and a result line closes the lists deeper than itself, whose tests
/// become its subtests. Lines that are not KTAP change nothing.
struct KTAPReader {
    /// The tests at one indentation, still being read.
    private struct OpenList {
        var indent: Int
        /// From `# Subtest:`; names the parent if its result never comes.
        var name: String?
        var plan: Int?
        var tests: [KTAPTest] = []
        /// `#` lines since the last result line: they describe the next one.
        var diagnostics: [String] = []
    }

    /// The open lists, outermost first; the first is the document's.
    private var stack: [OpenList] = []
    private var suites: [KTAPTest] = []
    private(set) var sawVersion = false

    mutating func read(_ message: Substring, line: Int) throws(KTAPError) {
        let (indent, content) = KTAPLine.split(message)
        switch KTAPLine(content) {
        case .version:
            sawVersion = true
            if let root = stack.first, indent > root.indent {
                foldIntoTop(close(deeperThan: indent - 1))
                stack.append(OpenList(indent: indent))
            } else {
                // At the outermost level: a new document (a module's suites,
                // or the next boot in a saved log).
                finishDocument()
                stack = [OpenList(indent: indent)]
            }
        case let .subtest(name):
            guard let top = stack.last else { return }
            if indent > top.indent {
                stack.append(OpenList(indent: indent, name: String(name)))
            } else if indent == top.indent, stack.count > 1, top.name == nil, top.tests.isEmpty {
                stack[stack.count - 1].name = String(name)
            }
        case let .plan(count):
            guard !stack.isEmpty else { return }
            try Self.checkPlausible(count, line)
            foldIntoTop(close(deeperThan: indent))
            enter(indent)
            if stack[stack.count - 1].plan == nil { stack[stack.count - 1].plan = count }
        case let .result(result):
            guard !stack.isEmpty else { return }
            try Self.checkPlausible(result.number, line)
            let nested = close(deeperThan: indent)
            enter(indent)
            append(result, subtests: nested)
        case let .diagnostic(text):
            // Attached to the innermost open list whatever its indentation:
            // KUnit prints a parameter's failure at the case's indentation.
            if !stack.isEmpty { stack[stack.count - 1].diagnostics.append(String(text)) }
        case .unknown:
            break
        }
    }

    /// Every document's top-level tests; open lists count as unterminated.
    mutating func finish() -> [KTAPTest] {
        finishDocument()
        return suites
    }

    private static func checkPlausible(_ number: Int, _ line: Int) throws(KTAPError) {
        if number > KTAPLog.maximumTests { throw .implausibleNumber(line: line, number: number) }
    }

    /// Open a list at `indent` when the innermost one is shallower.
    private mutating func enter(_ indent: Int) {
        if let top = stack.last, top.indent < indent { stack.append(OpenList(indent: indent)) }
    }

    /// Pop the lists deeper than `indent`, each inner one folded into its
    /// parent as a test that never ended; return the outermost popped.
    private mutating func close(deeperThan indent: Int) -> OpenList? {
        var popped: OpenList?
        while stack.count > 1, let top = stack.last, top.indent > indent {
            stack.removeLast()
            var list = top
            if let inner = popped { Self.fold(inner, into: &list) }
            popped = list
        }
        return popped
    }

    private mutating func foldIntoTop(_ list: OpenList?) {
        guard let list, !stack.isEmpty else { return }
        Self.fold(list, into: &stack[stack.count - 1])
    }

    /// `inner` began as the subtests of the next test of `parent`, whose
    /// result line never came.
    private static func fold(_ inner: OpenList, into parent: inout OpenList) {
        let number = (parent.tests.last?.number ?? 0) + 1
        parent.tests.append(KTAPTest(number: number, name: inner.name ?? "#\(number)", outcome: .missing,
                                     diagnostics: parent.diagnostics + inner.diagnostics,
                                     subtests: finished(inner)))
        parent.diagnostics = []
    }

    private mutating func append(_ result: KTAPLine.Result, subtests nested: OpenList?) {
        let outcome: KTAPTest.Outcome = result.skipReason.map { .skipped(reason: String($0)) }
            ?? (result.ok ? .passed : .failed)
        var list = stack.removeLast()
        var diagnostics = list.diagnostics + (nested?.diagnostics ?? [])
        if let directive = result.directive { diagnostics.append(String(directive)) }
        let name = result.name.isEmpty ? "#\(result.number)" : String(result.name)
        list.tests.append(KTAPTest(number: result.number, name: name, outcome: outcome, diagnostics: diagnostics,
                                   subtests: nested.map(Self.finished) ?? []))
        list.diagnostics = []
        stack.append(list)
    }

    /// The list's tests with one `missing` test for every number up to its
    /// plan (or its highest number) that no result line reported.
    private static func finished(_ list: OpenList) -> [KTAPTest] {
        let seen = Set(list.tests.map(\.number))
        let highest = max(list.plan ?? 0, list.tests.map(\.number).max() ?? 0)
        guard highest > 0 else { return list.tests }
        let missing = (1...highest).filter { !seen.contains($0) }
            .map { KTAPTest(number: $0, name: "#\($0)", outcome: .missing) }
        guard !missing.isEmpty else { return list.tests }
        return (list.tests + missing).enumerated()
            .sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }
            .map(\.element)
    }

    private mutating func finishDocument() {
        guard !stack.isEmpty else { return }
        foldIntoTop(close(deeperThan: stack[0].indent))
        suites += Self.finished(stack[0])
        stack = []
    }
}
