/// What a long-running loop saw that it should not have: every one is
/// counted, the first few are kept with their words. A broken kernel can
/// answer every call wrongly; the report must stay readable and the
/// memory bounded however long the loop ran.
struct Surprises: Codable, Sendable, Equatable, CustomStringConvertible {
    static let keptMessages = 10

    private(set) var count = 0
    private(set) var messages: [String] = []

    var isEmpty: Bool { count == 0 }

    mutating func add(_ message: String) {
        count += 1
        if messages.count < Self.keptMessages { messages.append(message) }
    }

    mutating func add(_ other: Surprises) {
        count += other.count
        messages += other.messages.prefix(max(0, Self.keptMessages - messages.count))
    }

    var description: String {
        count == 0 ? "none" : "\(count) unexpected: " + messages.joined(separator: "; ")
    }
}
