/// The chunk heap's module parameters, /sys/module/chunk_heap/parameters:
/// `order` (read-only: the boot parameter chunk_heap.order) and
/// `normal_fallback` (Y: FAST then NORMAL for what is missing; N: FAST
/// only; root may write it at run time).
public struct ChunkHeapParameters: Sendable {
    public static let defaultDirectory = "/sys/module/chunk_heap/parameters"

    public var directory: String

    public init(directory: String = Self.defaultDirectory) {
        self.directory = directory
    }

    /// The order of the chunks the heap serves.
    public func order() throws(PagebulkError) -> UInt32 {
        let text = try TextFile.read(directory + "/order")
        guard let order = UInt32(text.trimmingWhitespace()) else {
            throw .parse(.init(file: directory + "/order", line: 1, reason: "expected an order, got '\(text)'"))
        }
        return order
    }

    public func normalFallback() throws(PagebulkError) -> Bool {
        let text = try TextFile.read(directory + "/normal_fallback")
        guard let on = Self.bool(text) else {
            throw .parse(.init(file: directory + "/normal_fallback", line: 1, reason: "expected Y or N, got '\(text)'"))
        }
        return on
    }

    public func setNormalFallback(_ on: Bool) throws(PagebulkError) {
        try TextFile.write(on ? "Y\n" : "N\n", to: directory + "/normal_fallback")
    }

    /// Run `body` with normal_fallback set to `on`, and put back what was
    /// there before, whatever `body` does.
    public func withNormalFallback<T: ~Copyable>(_ on: Bool, _ body: () throws -> T) throws -> T {
        let before = try normalFallback()
        if before != on { try setNormalFallback(on) }
        defer { if before != on { try? setNormalFallback(before) } }
        return try body()
    }

    /// A bool module parameter as param_get_bool() prints it: "Y" or "N".
    public static func bool(_ text: String) -> Bool? {
        switch text.trimmingWhitespace() {
        case "Y", "y", "1": true
        case "N", "n", "0": false
        default: nil
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
