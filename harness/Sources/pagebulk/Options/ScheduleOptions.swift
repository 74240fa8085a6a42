import ArgumentParser
import PagebulkKit

#if canImport(Glibc)
import Glibc
#endif

/// Fair scheduling of a scenario's methods (`TrialSchedule`).
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Seed of the per-round method order; a new one is drawn and recorded when not given.")
    var orderSeed: UInt64?

    @Option(help: "Before each call, wait until this percentage of the range is in use again (0: no wait).")
    var refillPercent: UInt8 = 0

    @Option(help: "Give up waiting for the refill after this many seconds (the call runs anyway).")
    var refillTimeout: UInt32 = 120

    func validate() throws {
        guard refillPercent <= 100 else {
            throw ValidationError("--refill-percent is a percentage, not \(refillPercent)")
        }
    }

    var schedule: TrialSchedule {
        TrialSchedule(seed: orderSeed ?? UInt64.random(in: 1...UInt64.max), refillPercent: refillPercent,
                      refillTimeoutSeconds: refillTimeout)
    }
}
