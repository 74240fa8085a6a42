import ArgumentParser
import PagebulkKit
import Testing
@testable import pagebulk

/// The pins scenario's groups and placement options (issue 14 part 6).
@Suite struct PinsOptionsTests {
    func parse(_ arguments: [String]) throws -> PinsScenario {
        let command = try PagebulkCommand.parseAsRoot(["scenario", "pins"] + arguments)
        return try #require(command as? PinsScenario)
    }

    @Test func defaultsAreTheIssuesGroups() throws {
        let s = try parse([])
        #expect(s.placement.groups == [.centres, .random, .clustered, .transient])
        #expect(s.placement.pins == [0, 1, 10, 100])
        #expect(s.placement.spreadPins == 250 && s.placement.spreadCount == 7680)
        #expect(s.placement.hold == PinHold(minMs: 10, maxMs: 2000))
        #expect(s.placement.transientTrials == nil)
    }

    @Test func groupsAndHoldsParse() throws {
        let s = try parse(["--groups", "random", "transient", "--hold-min-ms", "50", "--hold-max-ms", "500",
                           "--seed", "42", "--transient-trials", "3", "--clusters", "5"])
        #expect(s.placement.groups == [.random, .transient])
        #expect(s.placement.hold.description == "50-500 ms" && s.placement.hold.isTransient)
        #expect(s.placement.seed == 42 && s.placement.transientTrials == 3 && s.placement.clusters == 5)
    }

    func rejects(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: (any Error).self, "\(arguments) parsed", sourceLocation: sourceLocation) {
            _ = try PagebulkCommand.parseAsRoot(["scenario", "pins"] + arguments)
        }
    }

    @Test func badPlacementsAreRefused() {
        rejects(["--groups", "diagonal"])
        rejects(["--spread-pins", "0"])
        rejects(["--spread-pins", "5000"])
        rejects(["--transient-pins", "0"])
        rejects(["--pins", "5000"])
        rejects(["--spread-count", "0"])
        rejects(["--clusters", "300"])
        rejects(["--cluster-blocks", "0"])
        rejects(["--hold-min-ms", "30", "--hold-max-ms", "20"])
        rejects(["--hold-max-ms", "0"])
        rejects(["--hold-max-ms", "600001"])
        rejects(["--transient-trials", "0"])
        rejects(["--seed=-1"])
    }

    @Test func placementsOfTheGroups() {
        #expect(PinsGroup.transient.placement == .random && PinsGroup.clustered.placement == .clustered)
        #expect(PinHold.untilDropped.description == "until dropped" && !PinHold.untilDropped.isTransient)
    }
}
