/// The KUnit results in a kernel log (dmesg, the console, /dev/kmsg):
/// every KTAP document in it, read among the kernel's other messages.
/// KUnit prints one document at boot and one per module that has suites.
public struct KTAPLog: Equatable, Sendable {
    /// Plans and test numbers above this are garbage, not a suite: every
    /// missing test up to them would be counted one by one.
    public static let maximumTests = 100_000

    /// The top-level tests of every document, in order: KUnit's suites.
    public var suites: [KTAPTest]

    public init(suites: [KTAPTest]) {
        self.suites = suites
    }

    public init(parsing text: String) throws(KTAPError) {
        var reader = KTAPReader()
        let messages = KernelLogLine.messages(text)
        for message in messages {
            try reader.read(message.text, line: message.line)
        }
        guard reader.sawVersion else { throw .noVersionLine(lines: messages.last?.line ?? 0) }
        suites = reader.finish()
    }

    /// Every leaf case of every suite.
    public var cases: [KTAPCase] { suites.flatMap(\.cases) }
}
