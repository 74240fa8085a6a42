#if canImport(Glibc)
import Glibc
#endif
import PagebulkReport

/// ANSI colour on standard output, only when it is a terminal that can
/// show it and NO_COLOR (no-color.org) is not set: logs, pipes and files
/// get plain text.
enum Terminal {
    static let colour: Bool = {
        guard isatty(1) == 1, getenv("NO_COLOR") == nil, let term = getenv("TERM") else { return false }
        return String(cString: term) != "dumb"
    }()

    static func paint(_ text: String, _ sgr: String) -> String {
        colour ? "\u{1b}[\(sgr)m\(text)\u{1b}[0m" : text
    }

    static func green(_ text: String) -> String { paint(text, "32") }
    static func red(_ text: String) -> String { paint(text, "1;31") }

    /// Green when better, red when worse: for compare's verdict column.
    static func verdict(_ text: String, _ verdict: Comparison.Verdict?) -> String {
        switch verdict {
        case .better: green(text)
        case .worse: red(text)
        default: text
        }
    }
}
