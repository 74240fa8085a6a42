#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit

/// A race thread that pins and unpins pages of the race's CMA area on the
/// shared control file: PIN of K pages, a short hold (the allocating
/// threads meet the pins), PIN 0. PIN holds the file's lock while it
/// works, so it also races the FREEs and VERIFYs of that file. A PIN that
/// pinned nothing is followed by another PIN straight away: it must have
/// kept nothing (the module once kept its page array then, and the next
/// PIN leaked it), so the next one is not EBUSY either. The run ends with
/// PIN 0: the file holds no pins when the race is over.
struct PinChurn: Sendable {
    let plan: RacePlan
    /// Lent by the owner for the race (see `RaceRunner`).
    let shared: ControlFile.Shared
    /// The thread's index, for its seeded generator.
    let index: Int

    /// Longest hold of the pins, in microseconds.
    static let maxHoldUs: UInt64 = 20_000

    /// What is wrong with a PIN of `asked` pages that answered `got`.
    static func problems(asked: UInt64, got: PinResult) -> [String] {
        var out: [String] = []
        if got.pinned > asked { out.append("PIN \(asked) pinned \(got.pinned)") }
        if got.taken > got.pinned { out.append("PIN \(asked): \(got.taken) pages taken of \(got.pinned) pinned") }
        if got.pinnedBlocks > got.pinned {
            out.append("PIN \(asked): \(got.pinned) pins in \(got.pinnedBlocks) pageblocks")
        }
        if got.pinned > 0 && got.pinnedBlocks == 0 { out.append("PIN \(asked): \(got.pinned) pins in no pageblock") }
        return out
    }

    func run() -> PinChurnStats {
        var stats = PinChurnStats()
        var rng = SplitMix64(seed: plan.seed, thread: index)
        // count must be 1 to the area's pages; a broken INFO may say 0.
        let most = max(1, min(plan.maxPins, plan.area.pages))
        let end = plan.end(from: MonotonicClock.nowNs())
        while MonotonicClock.nowNs() < end {
            let k = 1 + rng.next() % most
            do {
                let p = try shared.pin(cmaArea: plan.area.index, count: k)
                stats.pins += 1
                stats.pinned = stats.pinned.saturatingAdd(p.pinned)
                stats.taken = stats.taken.saturatingAdd(p.taken)
                for problem in Self.problems(asked: k, got: p) { stats.surprises.add(problem) }
                // Hold the pins a while (the allocating threads meet them);
                // after an empty PIN pause all the same, so that PINs do
                // not keep the file's lock from its FREEs and VERIFYs.
                usleep(UInt32(rng.next() % Self.maxHoldUs))
                if p.pinned == 0 {
                    // No PIN 0: the next PIN comes straight after an empty one.
                    stats.pinnedNothing += 1
                    continue
                }
                let u = try shared.pin(cmaArea: plan.area.index, count: 0)
                stats.unpins += 1
                if u.pinned != 0 { stats.surprises.add("PIN 0 left \(u.pinned) pins") }
            } catch {
                // EBUSY here is a PIN after an unpin or an empty PIN that
                // found pins held; any errno means the file is broken: stop.
                stats.surprises.add("PIN \(k) / PIN 0 on the shared file: \(error)")
                break
            }
        }
        do {
            let u = try shared.pin(cmaArea: plan.area.index, count: 0)
            stats.unpins += 1
            if u.pinned != 0 { stats.surprises.add("the last PIN 0 left \(u.pinned) pins") }
        } catch {
            stats.surprises.add("the last PIN 0: \(error)")
        }
        return stats
    }
}

struct PinChurnStats: Codable, Sendable {
    /// PINs of K > 0 pages and PIN 0 calls made.
    var pins = 0, unpins = 0
    var pinned: UInt64 = 0, taken: UInt64 = 0
    /// PINs of K > 0 that pinned nothing (a PIN followed them at once).
    var pinnedNothing = 0
    var surprises = Surprises()

    var summary: String {
        "\(pins) PINs (\(pinned) pages pinned, \(taken) of them taken; \(pinnedNothing) pinned nothing), "
            + "\(unpins) PIN 0"
    }
}
