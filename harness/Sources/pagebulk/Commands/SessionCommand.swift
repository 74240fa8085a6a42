import ArgumentParser
import PagebulkKit
import PagebulkReport

/// Keep the control file open and run commands from standard input, one per
/// line: `alloc OPTIONS`, `verify HANDLE`, `free HANDLE`, `info`, `quit`.
/// Each answer is one JSON object per line. End of input frees what is held.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Hold allocations across commands read from standard input.")

    @OptionGroup var module: ModuleOptions

    struct Answer: Encodable {
        var command: String
        var ok: Bool
        var error: String?
        var alloc: AllocResult?
        var free: FreeResult?
        var verify: VerifyResult?
        var info: ModuleInfo?
    }

    func run() throws {
        try module.withControl { control in
            let info = try control.info()
            while let line = readLine() {
                let words = line.split(separator: " ").map(String.init)
                guard let verb = words.first else { continue }
                if verb == "quit" { break }
                var answer = Answer(command: verb, ok: true)
                do {
                    try Self.execute(verb, Array(words.dropFirst()), control, info, &answer)
                } catch {
                    answer.ok = false
                    answer.error = "\(error)"
                }
                print(try JSONText.encode(answer).split(separator: "\n").joined(separator: " "))
            }
        }
    }

    /// One line of input, parsed: the verb and what it needs.
    enum Request {
        case alloc(AllocOptions)
        case free(handle: UInt64)
        case verify(handle: UInt64)
        case info

        init(verb: String, _ args: [String]) throws {
            func handle() throws(HarnessError) -> UInt64 {
                guard args.count == 1, let h = UInt64(args[0]) else { throw .badSessionCommand("\(verb) HANDLE") }
                return h
            }
            switch verb {
            case "alloc": self = .alloc(try AllocOptions.parse(args))
            case "free": self = .free(handle: try handle())
            case "verify": self = .verify(handle: try handle())
            case "info": self = .info
            default: throw HarnessError.badSessionCommand("unknown command '\(verb)': alloc, free, verify, info, quit")
            }
        }
    }

    static func execute(_ verb: String, _ args: [String], _ control: borrowing ControlFile, _ info: ModuleInfo,
                        _ answer: inout Answer) throws {
        switch try Request(verb: verb, args) {
        case let .alloc(options): answer.alloc = try control.alloc(try options.request(info))
        case let .free(handle): answer.free = try control.free(handle: handle)
        case let .verify(handle): answer.verify = try control.verify(handle: handle)
        case .info: answer.info = try control.info()
        }
    }
}
