/// A kernel log whose KUnit results cannot be read.
public enum KTAPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No "KTAP version" or "TAP version" line in `lines` lines: KUnit did
    /// not run (kunit.enable=0, no suite built in), or the log lost its start.
    case noVersionLine(lines: Int)
    /// A plan or a test number beyond `KTAPLog.maximumTests`: no suite has
    /// that many cases, and the missing ones would have to be counted one by one.
    case implausibleNumber(line: Int, number: Int)

    public var description: String {
        switch self {
        case let .noVersionLine(lines):
            return "no KTAP version line in \(lines) lines of kernel log: did the kernel run KUnit (kunit.enable=1)?"
        case let .implausibleNumber(line, number):
            return "line \(line): test number or plan \(number) is more than \(KTAPLog.maximumTests) tests"
        }
    }
}
