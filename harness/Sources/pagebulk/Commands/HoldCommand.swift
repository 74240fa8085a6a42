#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import PagebulkKit

/// The victim of the kill and teardown checks: pin, announce, allocate,
/// announce again and hold everything until killed, doing what `--then`
/// says meanwhile. Its lines on stdout tell the parent where it is (see
/// `VictimLine`): `allocating`, then `holding HANDLE PIECES`, then those
/// of the activity.
struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Allocate and hold until killed (for the reliability checks).",
        shouldDisplay: false)

    /// The module's limit on pins per file (PB_MAX_PINS in pin.c).
    static let maxPinCount: UInt64 = 4096

    @OptionGroup var allocation: AllocOptions
    @OptionGroup var controlFile: ControlFileOption
    @Option(help: "Pin this many pages of the CMA area first.") var pins: UInt64 = 0
    @Option(name: .customLong("then"),
            help: "Once allocated: hold (do nothing), verify (STAMP the holding over and over on --verify-threads threads), pin (PIN --pin-count pages of the --cma area and PIN 0, over and over).")
    var activity: HoldActivity = .hold
    @Option(help: "Threads that VERIFY the holding at once (--then verify).") var verifyThreads: Int = 2
    @Option(help: "Pages each PIN asks for (--then pin), at most \(HoldCommand.maxPinCount).")
    var pinCount: UInt64 = HoldCommand.maxPinCount

    func validate() throws {
        guard (1...16).contains(verifyThreads) else {
            throw ValidationError("--verify-threads must be 1 to 16, not \(verifyThreads)")
        }
        guard (1...Self.maxPinCount).contains(pinCount) else {
            throw ValidationError("--pin-count must be 1 to \(Self.maxPinCount), not \(pinCount)")
        }
        if activity == .pin && allocation.cma == nil {
            throw ValidationError("--then pin needs --cma: PIN takes pages of a CMA area")
        }
    }

    var control: String { controlFile.path }

    func run() throws {
        let file = try ControlFile.open(control)
        let info = try file.info()
        let request = try allocation.request(info)
        if pins > 0, let area = request.cmaArea {
            _ = try file.pin(cmaArea: area, count: pins)
        }
        HoldActivity.announce(.allocating)
        let result = try file.alloc(request)
        HoldActivity.announce(.holding(handle: result.handle, pieces: result.obtained))
        switch activity {
        case .hold:
            break
        case .verify:
            if result.handle == 0 {
                HoldActivity.announce(.error("nothing to VERIFY: the ALLOC obtained nothing"))
            } else {
                // The file outlives the threads: this process holds it until it is killed.
                file.withShared { HoldActivity.verifyLoop($0, handle: result.handle, threads: verifyThreads) }
            }
        case .pin:
            if let area = request.cmaArea { HoldActivity.pinLoop(file, cmaArea: area, count: pinCount) }
        }
        Self.holdUntilKilled(file)
    }

    /// Keep `file`, and with it the holding, until a signal ends the
    /// process. Consumed: its owner ends here, and never closes it.
    static func holdUntilKilled(_ file: consuming ControlFile) -> Never {
        while true { pause() }
    }
}
