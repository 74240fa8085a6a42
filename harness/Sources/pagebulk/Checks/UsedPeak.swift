import Foundation
import PagebulkKit
import Synchronization

/// The highest debugfs `used` of a CMA area seen while a call runs, read
/// on a thread of its own every millisecond: a call that takes chunks and
/// then gives them all back shows here, and nowhere after it returns.
final class UsedPeak: Sendable {
    private let area: String
    private let peak = Mutex<UInt64>(0)
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    init(area: String) {
        self.area = area
    }

    /// Poll while `body` runs; returns its result and the peak.
    static func during<T>(_ area: String, _ body: () throws -> T) rethrows -> (T, UInt64) {
        let poller = UsedPeak(area: area)
        poller.peak.withLock { $0 = (try? CMAUsage.used(area)) ?? 0 }
        Thread { poller.poll() }.start()
        defer {
            poller.running.store(false, ordering: .releasing)
            poller.finished.wait()
        }
        let result = try body()
        return (result, poller.peak.withLock { $0 })
    }

    private func poll() {
        while running.load(ordering: .acquiring) {
            if let now = try? CMAUsage.used(area) { peak.withLock { $0 = max($0, now) } }
            usleep(1000)
        }
        finished.signal()
    }
}
