import ArgumentParser
import PagebulkKit

/// Where an allocation scenario writes, and how many trials it runs.
struct ScenarioOptions: ParsableArguments {
    @OptionGroup var output: OutputDirectory

    @Option(help: "Trials per method (at least 1).")
    var trials: UInt = 5

    func validate() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1, not \(trials)") }
    }

    var out: String { output.out }
}
