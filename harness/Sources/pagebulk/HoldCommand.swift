#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import PagebulkKit

/// The victim of the kill and teardown checks: pin, announce, allocate,
/// announce again and hold everything until killed. Its lines on stdout
/// tell the parent where it is: `allocating`, then `holding HANDLE PIECES`.
struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Allocate and hold until killed (for the reliability checks).",
        shouldDisplay: false)

    @OptionGroup var allocation: AllocOptions
    @Option var control: String = ControlFile.defaultPath
    @Option(help: "Pin this many pages of the CMA area first.") var pins: UInt64 = 0

    func run() throws {
        let file = try ControlFile.open(control)
        let info = try file.info()
        let request = try allocation.request(info)
        if pins > 0, let area = request.cmaArea {
            _ = try file.pin(cmaArea: area, count: pins)
        }
        announce("allocating")
        let result = try file.alloc(request)
        announce("holding \(result.handle) \(result.obtained)")
        while true { pause() }
    }

    /// One line, written at once: stdout to a pipe is block-buffered.
    private func announce(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }
}
