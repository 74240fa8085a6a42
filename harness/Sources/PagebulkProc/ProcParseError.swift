/// A /proc or debugfs file did not have the shape the kernel prints.
public struct ProcParseError: Error, Equatable, CustomStringConvertible {
    /// Which file: "buddyinfo", "pagetypeinfo", ...
    public var file: String
    /// 1-based line number, 0 when the problem is the file as a whole.
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}
