/// The lines `pagebulk hold` writes on stdout to tell the parent where it
/// is, one per line, numbers in decimal. The parent reads them back with
/// `init(_:)`; `text` is what the victim writes, so the two cannot drift.
enum VictimLine: Equatable, Sendable {
    /// About to ALLOC (pins, if asked for, are taken).
    case allocating
    /// The ALLOC returned: its handle and pieces (TeardownChecks reads
    /// these three words too).
    case holding(handle: UInt64, pieces: UInt64)
    /// `--then verify`: one STAMP and one CHECK of the whole holding, done
    /// before the looping threads start; how long each took.
    case verified(pieces: UInt64, stampMs: UInt64, checkMs: UInt64, badPages: UInt64)
    /// `--then verify`: the threads are looping on VERIFY.
    case verifying
    /// `--then pin`: the PIN loop starts.
    case pinning
    /// `--then pin`: one PIN returned (then PIN 0 follows).
    case pinned(pins: UInt64, taken: UInt64, ms: UInt64)
    /// A call failed; the victim stops that activity and waits to be killed.
    case error(String)
    /// Anything else, or nothing (end of file, a timeout).
    case other(String)

    var text: String {
        switch self {
        case .allocating: "allocating"
        case let .holding(handle, pieces): "holding \(handle) \(pieces)"
        case let .verified(pieces, stampMs, checkMs, bad): "verified \(pieces) \(stampMs) \(checkMs) \(bad)"
        case .verifying: "verifying"
        case .pinning: "pinning"
        case let .pinned(pins, taken, ms): "pinned \(pins) \(taken) \(ms)"
        case let .error(what): "error \(what)"
        case let .other(text): text
        }
    }

    init(_ line: String?) {
        guard let line else {
            self = .other("")
            return
        }
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        let numbers = words.dropFirst().map { UInt64($0) }
        let all = numbers.compactMap { $0 }
        let exactly = { (n: Int) in numbers.count == n && all.count == n }
        switch words.first {
        case "allocating" where words.count == 1: self = .allocating
        case "verifying" where words.count == 1: self = .verifying
        case "pinning" where words.count == 1: self = .pinning
        case "holding" where exactly(2): self = .holding(handle: all[0], pieces: all[1])
        case "verified" where exactly(4):
            self = .verified(pieces: all[0], stampMs: all[1], checkMs: all[2], badPages: all[3])
        case "pinned" where exactly(3): self = .pinned(pins: all[0], taken: all[1], ms: all[2])
        case "error" where line.count > 6: self = .error(String(line.dropFirst(6)))
        default: self = .other(line)
        }
    }

    var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
