import PagebulkKit
import PagebulkReport

/// Samples the driver's zone by pageblock, timed from the driver's start.
struct ChurnClock {
    let zone: CensusRange
    let blockOrder: UInt32
    let started = MonotonicClock.nowNs()

    func sample(round: Int, _ driver: UnmovableDriver, _ control: borrowing ControlFile) throws
        -> FragmentationDocument.ChurnSample
    {
        let tally = PageblockTally(try control.census(zone, blockOrder: blockOrder))
        let seconds = Double(MonotonicClock.nowNs().subtractingReportingOverflow(started).partialValue) / 1e9
        return .init(round: round, heldPages: driver.heldPages, tally: tally, seconds: seconds)
    }
}
