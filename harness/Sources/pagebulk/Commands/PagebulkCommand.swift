import ArgumentParser

@main
struct PagebulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pagebulk",
        abstract: "Drive the pagebulk test module and read the page allocator's state.",
        subcommands: [
            InfoCommand.self, BuddyinfoCommand.self, PagetypeinfoCommand.self,
            SnapshotCommand.self, AllocCommand.self,
            SessionCommand.self, ScenarioCommand.self, SmokeCommand.self,
            FragmentationReportCommand.self, CompareCommand.self, ReportCommand.self, FuzzCommand.self,
            MergeCommand.self, ReliabilityCommand.self, LoadChecksCommand.self, KUnitCommand.self, ProbeOpenCommand.self,
            HoldCommand.self, ContigRaceCommand.self, CensusCommand.self, HeapChecksCommand.self,
        ])
}
