/// The `Node %d, zone %8s` opening shared by buddyinfo, pagetypeinfo and the
/// extfrag files (mm/vmstat.c). Fields split on white space; commas that end
/// a field are separators, not part of the value.
struct ZonePrefix {
    var node: Int
    var zone: String
    /// The fields after the zone name.
    var rest: ArraySlice<Substring>

    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { field in
            field.last == "," ? field.dropLast() : field
        }
    }

    init?(_ line: Substring) {
        let f = Self.fields(line)
        guard f.count >= 4, f[0] == "Node", f[2] == "zone", let node = Int(f[1]) else {
            return nil
        }
        self.node = node
        self.zone = String(f[3])
        self.rest = f[4...]
    }
}

/// Lines of a file with their 1-based numbers, for error messages.
func numberedLines(_ text: String) -> [(number: Int, text: Substring)] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
        (number: $0.offset + 1, text: $0.element)
    }
}
