import ArgumentParser
import PagebulkKit

extension PinsGroup: ExpressibleByArgument {}

/// The pins scenario's groups and how each pins (issue 14 part 6).
struct PinsOptions: ParsableArguments {
    @Option(parsing: .upToNextOption, help: "Groups to run: centres (the K sweep), random, clustered, transient.")
    var groups: [PinsGroup] = PinsGroup.allCases
    @Option(parsing: .upToNextOption, help: "centres: pin counts to sweep.") var pins: [UInt64] = [0, 1, 10, 100]
    @Option(help: "random, clustered: pins (K).") var spreadPins: UInt64 = 250
    @Option(help: "random, clustered, transient: pieces per call (7680 x order-4 = 480 MiB of the 500 MiB area).")
    var spreadCount: UInt64 = 7680
    @Option(help: "clustered: cluster centres (0: K / 10).") var clusters: UInt32 = 0
    @Option(help: "clustered: pageblocks either side of a centre its pins may land in.")
    var clusterBlocks: UInt32 = 2
    @Option(help: "transient: pins (K), placed at random.") var transientPins: UInt64 = 250
    @Option(help: "transient: shortest hold of a pin, ms.") var holdMinMs: UInt32 = 10
    @Option(help: "transient: longest hold of a pin, ms (the module drops each pin itself).")
    var holdMaxMs: UInt32 = 2000
    @Option(help: "transient: trials per method (default: --trials).") var transientTrials: UInt?
    @Option(help: "Seed of the random, clustered and transient placements, hold times and method order.")
    var seed: UInt64 = 0x5EED_0014

    /// The module's PAGEBULK_PIN_MAX_HOLD_MS and its most pins per file.
    static let maxHoldMs: UInt32 = 600_000
    static let maxPins: UInt64 = 4096

    func validate() throws {
        guard !groups.isEmpty else { throw ValidationError("--groups needs at least one group") }
        for (name, k) in [("--spread-pins", spreadPins), ("--transient-pins", transientPins)] {
            guard (1...Self.maxPins).contains(k) else {
                throw ValidationError("\(name) must be 1 to \(Self.maxPins), not \(k)")
            }
        }
        guard pins.allSatisfy({ $0 <= Self.maxPins }) else {
            throw ValidationError("--pins must each be at most \(Self.maxPins)")
        }
        guard spreadCount > 0 else { throw ValidationError("--spread-count must be at least 1") }
        guard UInt64(clusters) <= spreadPins else {
            throw ValidationError("--clusters \(clusters) is more than the \(spreadPins) pins")
        }
        guard clusterBlocks > 0 else { throw ValidationError("--cluster-blocks must be at least 1") }
        guard holdMinMs <= holdMaxMs, holdMaxMs > 0, holdMaxMs <= Self.maxHoldMs else {
            throw ValidationError("--hold-min-ms \(holdMinMs) --hold-max-ms \(holdMaxMs): need "
                                  + "min <= max, 0 < max <= \(Self.maxHoldMs)")
        }
        if let transientTrials, transientTrials == 0 {
            throw ValidationError("--transient-trials must be at least 1")
        }
    }

    var hold: PinHold { PinHold(minMs: holdMinMs, maxMs: holdMaxMs) }
}
