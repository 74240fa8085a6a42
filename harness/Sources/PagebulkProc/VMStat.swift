/// `/proc/vmstat`: `name value` lines (mm/vmstat.c `vmstat_show()`).
public struct VMStat: Equatable, Sendable, Codable {
    public var counters: [String: Int64]

    public init(counters: [String: Int64]) {
        self.counters = counters
    }

    public init(parsing text: String) throws(ProcParseError) {
        var counters: [String: Int64] = [:]
        for (number, line) in numberedLines(text) where !line.isEmpty {
            let f = line.split(separator: " ")
            guard f.count == 2, let value = Int64(f[1]) else {
                throw ProcParseError(file: "vmstat", line: number, reason: "expected 'name value'")
            }
            counters[String(f[0])] = value
        }
        guard !counters.isEmpty else { throw ProcParseError(file: "vmstat", line: 0, reason: "empty") }
        self.counters = counters
    }

    public subscript(name: String) -> Int64? { counters[name] }
}
