import ArgumentParser

/// `pagebulk scenario NAME`: the experiments, each writing one document.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario", abstract: "Run an experiment and write its JSON result.",
        subcommands: [BaselineScenario.self, HighorderScenario.self, PinsScenario.self, Order0Scenario.self,
                      FragmentationScenario.self, DmaheapScenario.self])
}
