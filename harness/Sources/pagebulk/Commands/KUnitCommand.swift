import ArgumentParser
import PagebulkKit

/// `pagebulk kunit`: the results of the KUnit suites the kernel ran at boot
/// (kunit.enable=1), read back from its log.
struct KUnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kunit",
        abstract: "Read KUnit's KTAP results from the kernel log; ends with 'N passed, N failed'.",
        discussion: """
            Prints 'ok', 'FAIL' or 'skip' and suite.case[.parameter] for every case. \
            Cases a plan promised but the log never reported fail as missing. \
            Exits 0 only when no case failed and at least one passed.
            """)

    @Option(help: "The kernel log: \(KernelLog.device) (read without blocking), or a saved dmesg or console log.")
    var log: String = KernelLog.device

    @Option(name: .customLong("suite"), help: "Count only this suite; repeat for more. A suite not in the log fails.")
    var suites: [String] = []

    func validate() throws {
        if suites.contains(where: \.isEmpty) { throw ValidationError("--suite needs a suite name") }
    }

    func run() throws {
        var wanted: [String] = []
        for name in suites where !wanted.contains(name) { wanted.append(name) }
        let tally = KUnitTally(log: try KernelLog.read(log), source: log, suites: wanted)
        for line in tally.output { print(line) }
        if !tally.succeeded { throw ExitCode.failure }
    }
}
