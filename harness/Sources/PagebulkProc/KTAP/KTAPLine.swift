/// One line of KTAP output (Documentation/dev-tools/ktap.rst), its
/// indentation already measured and removed.
enum KTAPLine: Equatable {
    /// `KTAP version 1`, or TAP's `TAP version 13` / `TAP version 14`.
    case version
    /// `# Subtest: NAME`, which KUnit prints after a nested version line.
    case subtest(name: Substring)
    /// `1..N`.
    case plan(count: Int)
    /// `ok N NAME`, `not ok N NAME`, with `# SKIP reason` or other
    /// directive data after a `#`.
    case result(Result)
    /// `# text`.
    case diagnostic(Substring)
    /// Anything else: other kernel messages, continuation lines.
    case unknown

    struct Result: Equatable {
        var ok: Bool
        /// Int.max when the digits do not fit an Int.
        var number: Int
        var name: Substring
        /// Set for a SKIP directive, which wins over ok / not ok.
        var skipReason: Substring?
        /// What followed `#` when it was not a SKIP directive
        /// (`TIMEOUT 30 seconds`, `rcode=0`).
        var directive: Substring?
    }

    /// Columns of leading blanks, and the line without them or trailing blanks.
    static func split(_ message: Substring) -> (indent: Int, content: Substring) {
        let content = message.drop { $0 == " " || $0 == "\t" }
        var end = content.endIndex
        while end > content.startIndex, let c = content[..<end].last, c == " " || c == "\t" {
            end = content.index(before: end)
        }
        return (message.distance(from: message.startIndex, to: content.startIndex), content[..<end])
    }

    init(_ content: Substring) {
        if content.hasPrefix("KTAP version ") || content.hasPrefix("TAP version ") {
            self = .version
        } else if content.hasPrefix("# Subtest:") {
            self = .subtest(name: Self.trimmed(content.dropFirst("# Subtest:".count)))
        } else if content.hasPrefix("#") {
            self = .diagnostic(Self.trimmed(content.dropFirst()))
        } else if content.hasPrefix("1..") {
            let digits = content.dropFirst(3).prefix(while: \.isASCIIDigit)
            let after = content.dropFirst(3 + digits.count)
            guard !digits.isEmpty, after.isEmpty || after.first == " " else {
                self = .unknown
                return
            }
            self = .plan(count: Int(digits) ?? Int.max)
        } else if let result = Self.result(content) {
            self = .result(result)
        } else {
            self = .unknown
        }
    }

    private static func result(_ content: Substring) -> Result? {
        let ok: Bool
        var rest: Substring
        if content.hasPrefix("not ok ") {
            (ok, rest) = (false, content.dropFirst(7))
        } else if content.hasPrefix("ok ") {
            (ok, rest) = (true, content.dropFirst(3))
        } else {
            return nil
        }
        let digits = rest.prefix(while: \.isASCIIDigit)
        rest = rest.dropFirst(digits.count)
        guard !digits.isEmpty, rest.isEmpty || rest.first == " " else { return nil }
        var result = Result(ok: ok, number: Int(digits) ?? Int.max, name: "")
        let hash = rest.firstIndex(of: "#") ?? rest.endIndex
        var name = trimmed(rest[..<hash])
        // TAP producers (kselftest) write `ok 1 - name`.
        if name.hasPrefix("- ") { name = trimmed(name.dropFirst(2)) }
        result.name = name
        if hash < rest.endIndex {
            let directive = trimmed(rest[rest.index(after: hash)...])
            let keyword = directive.prefix { $0 != " " }
            if keyword.uppercased() == "SKIP" {
                result.skipReason = trimmed(directive.dropFirst(keyword.count))
            } else if !directive.isEmpty {
                result.directive = directive
            }
        }
        return result
    }

    private static func trimmed(_ s: Substring) -> Substring {
        split(s).content
    }
}
