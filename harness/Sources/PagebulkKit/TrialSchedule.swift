#if canImport(Glibc)
import Glibc
#endif

/// How long a trial waited for the range to fill again, and whether it did.
public struct RefillWait: Codable, Sendable, Equatable {
    public var waitedMs: UInt64
    /// The range reached the level before the timeout.
    public var reached: Bool
    /// Pages of the range in use when the wait ended.
    public var inUse: UInt64

    public init(waitedMs: UInt64, reached: Bool, inUse: UInt64) {
        self.waitedMs = waitedMs
        self.reached = reached
        self.inUse = inUse
    }
}

/// Fair scheduling of the methods of one scenario: a new order every round
/// from a recorded seed, so no method always follows the same other one;
/// and, before each call, a wait until the workload has filled the range
/// again, so no call inherits a range the previous call just emptied.
public struct TrialSchedule: Codable, Sendable, Equatable {
    /// Seed of the per-round shuffle.
    public var seed: UInt64
    /// Share of the range, in percent, that must be in use before a call;
    /// 0 waits for nothing.
    public var refillPercent: UInt8
    public var refillTimeoutSeconds: UInt32

    public init(seed: UInt64, refillPercent: UInt8, refillTimeoutSeconds: UInt32) {
        self.seed = seed
        self.refillPercent = refillPercent
        self.refillTimeoutSeconds = refillTimeoutSeconds
    }

    /// The rounds' orders: round r runs `items` in `rounds[r]`'s order.
    public func rounds<T>(_ items: [T], count: Int) -> [[T]] {
        var rng = SplitMix64(seed: seed)
        return (0..<max(count, 0)).map { _ in items.shuffled(using: &rng) }
    }

    /// Poll the range's census every half second until `refillPercent` of
    /// it is in use or the timeout passes. Returns nil when there is
    /// nothing to wait for.
    public func waitForRefill(_ control: borrowing ControlFile, _ range: CensusRange,
                              blockOrder: UInt32) throws(PagebulkError) -> RefillWait? {
        guard refillPercent > 0 else { return nil }
        let want = range.pages.multipliedReportingOverflow(by: UInt64(refillPercent)).partialValue / 100
        let started = MonotonicClock.nowNs()
        let limit = UInt64(refillTimeoutSeconds) * 1_000_000_000
        while true {
            let inUse = try control.census(range, blockOrder: blockOrder).inUse
            let waited = MonotonicClock.nowNs().subtractingReportingOverflow(started).partialValue
            if inUse >= want || waited >= limit {
                return RefillWait(waitedMs: waited / 1_000_000, reached: inUse >= want, inUse: inUse)
            }
            MonotonicClock.sleep(ms: 500)
        }
    }
}

/// CLOCK_MONOTONIC in nanoseconds.
public enum MonotonicClock {
    public static func nowNs() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(clamping: ts.tv_sec) &* 1_000_000_000 &+ UInt64(clamping: ts.tv_nsec)
    }

    /// Sleep `ms` milliseconds; a signal does not cut the pause short.
    public static func sleep(ms: UInt32) {
        guard ms > 0 else { return }
        var pause = timespec(tv_sec: Int(ms / 1000), tv_nsec: Int(ms % 1000) * 1_000_000)
        var left = timespec()
        while nanosleep(&pause, &left) != 0 && errno == EINTR { pause = left }
    }
}
