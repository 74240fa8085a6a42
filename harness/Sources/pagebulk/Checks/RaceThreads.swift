#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import PagebulkKit
import Synchronization

/// What the race commands (`reliability`'s race, `contig-race`) share:
/// threads run to a deadline, each with its own seeded generator.
enum RaceThreads {
    /// Runs `body(index)` for index 0..<count, each on its own thread, and
    /// returns their results in index order. While they run, `tick` is
    /// called on this thread every `interval` seconds (never when nil).
    static func run<T: Sendable>(_ count: Int, tickEvery interval: Double? = nil, tick: () -> Void = {},
                                 _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = Mutex<[T?]>(Array(repeating: nil, count: count))
        let done = DispatchSemaphore(value: 0)
        for index in 0..<count {
            let thread = Thread {
                let result = body(index)
                results.withLock { $0[index] = result }
                done.signal()
            }
            thread.start()
        }
        // A tick at most hourly, whatever the caller asked: DispatchTime
        // arithmetic traps on absurd intervals.
        let period = interval.map { min(max($0, 0.1), 3600) }
        var left = count
        while left > 0 {
            if let period {
                if done.wait(timeout: .now() + period) == .timedOut {
                    tick()
                    continue
                }
            } else {
                done.wait()
            }
            left -= 1
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}

extension MonotonicClock {
    /// The monotonic time `seconds` after `start`, saturating at the end
    /// of time; a NaN or negative `seconds` is `start`.
    static func deadline(after seconds: Double, from start: UInt64) -> UInt64 {
        let ns = seconds * 1e9
        guard ns > 0 else { return start }
        return start.saturatingAdd(ns < Double(UInt64.max) ? UInt64(ns) : .max)
    }
}

extension SplitMix64 {
    /// Thread `thread`'s generator of a run seeded with `seed`: the same
    /// seed replays the same requests on each thread.
    init(seed: UInt64, thread: Int) {
        self.init(seed: seed &+ UInt64(truncatingIfNeeded: thread) &* 0x1000_0001)
    }
}
