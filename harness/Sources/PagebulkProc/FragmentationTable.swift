/// The debugfs files `extfrag/unusable_index` and `extfrag/extfrag_index`:
/// one value per order for each zone, printed with three decimals
/// (mm/vmstat.c `unusable_show_print()`, `extfrag_show_print()`).
///
/// Values are kept in thousandths, as the kernel computes them, so that
/// they compare exactly with `FragmentationIndex`.
public struct FragmentationTable: Equatable, Sendable, Codable {
    public struct Zone: Equatable, Sendable, Codable {
        public var node: Int
        public var name: String
        /// Thousandths per order; -1000 in extfrag_index means "a free block
        /// of that order exists".
        public var milli: [Int]
    }

    public var zones: [Zone]

    public init(parsing text: String, file: String) throws(ProcParseError) {
        var zones: [Zone] = []
        for (number, line) in numberedLines(text) where !line.allSatisfy(\.isWhitespace) {
            guard let prefix = ZonePrefix(line) else {
                throw ProcParseError(file: file, line: number, reason: "expected 'Node N, zone NAME values...'")
            }
            var values: [Int] = []
            for field in prefix.rest {
                guard let v = Self.thousandths(field) else {
                    throw ProcParseError(file: file, line: number, reason: "'\(field)' is not a d.ddd value")
                }
                values.append(v)
            }
            zones.append(Zone(node: prefix.node, name: prefix.zone, milli: values))
        }
        guard !zones.isEmpty else { throw ProcParseError(file: file, line: 0, reason: "no zones") }
        self.zones = zones
    }

    /// "0.017" -> 17, "-1.000" -> -1000, "1.000" -> 1000.
    static func thousandths(_ s: Substring) -> Int? {
        let negative = s.first == "-"
        let body = negative ? s.dropFirst() : s
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 3,
              (parts[0] + parts[1]).allSatisfy(\.isASCII), (parts[0] + parts[1]).allSatisfy(\.isNumber),
              let whole = Int(parts[0]), let frac = Int(parts[1]) else {
            return nil
        }
        let value = whole * 1000 + frac
        return negative ? -value : value
    }

    public func zone(node: Int = 0, named name: String) -> Zone? {
        zones.first { $0.node == node && $0.name == name }
    }
}
