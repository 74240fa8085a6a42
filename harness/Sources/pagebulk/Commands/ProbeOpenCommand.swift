import ArgumentParser
import PagebulkKit

/// Exit with the errno of opening the control file (0 if it opened): lets
/// the smoke suite check what an unprivileged caller gets.
struct ProbeOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe-open", abstract: "Exit with the errno of opening the control file.",
        shouldDisplay: false)

    @OptionGroup var controlFile: ControlFileOption

    var control: String { controlFile.path }

    func run() throws {
        do {
            try ControlFile.open(control).close()
        } catch let PagebulkError.system(_, _, errno) {
            throw ExitCode(errno.rawValue)
        }
    }
}
