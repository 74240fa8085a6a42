#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit
import Synchronization

/// The race's thief: a thread that allocates nothing and FREEs, on the
/// shared control file, the handle ids the next ALLOCs on that file will
/// get. Ids are per file and cyclic (the next is the last plus one), so a
/// FREE of "newest + 1" lands as soon as another thread's ALLOC publishes
/// that id: the module must have finished with the holding before it
/// publishes it (it once read h->nr after xa_alloc_cyclic(), a
/// use-after-free when such a FREE came in between).

/// The newest handle id the allocating threads were given on the shared
/// file; they publish each one as soon as their ALLOC returns.
final class HandleBoard: Sendable {
    private let newest = Mutex<UInt64>(0)

    func publish(_ id: UInt64) {
        newest.withLock { $0 = max($0, id) }
    }

    var latest: UInt64 { newest.withLock { $0 } }
}

/// The ids the thief FREEs next: those just above the newest it knows of,
/// and of them only the even ones, so that the odd ones stay with their
/// owners and still get stamped and checked like every other holding.
struct ThiefWindow: Sendable, Equatable {
    /// How far above the newest id the thief reaches: a few ALLOCs may
    /// publish before their threads tell the board.
    static let width: UInt64 = 3
    static let stride: UInt64 = 2

    private(set) var newest: UInt64 = 0

    /// An id the thief learnt of, from the board or from its own FREE.
    mutating func observe(_ id: UInt64) {
        newest = max(newest, id)
    }

    /// The ids to FREE now; none past the end of UInt64 (the module never
    /// hands out such ids, but a corrupted one must not trap).
    var targets: [UInt64] {
        (1...Self.width).compactMap { step in
            let (id, overflow) = newest.addingReportingOverflow(step)
            return !overflow && id % Self.stride == 0 ? id : nil
        }
    }
}

/// What the thief did, and (filled in once every thread is done) how the
/// shared file's handles add up.
struct ThiefStats: Codable, Sendable {
    /// FREEs issued, and those that freed a handle.
    var probes = 0, hits = 0
    var piecesFreed: UInt64 = 0
    var surprises = Surprises()
    var ledger: SharedHandleLedger.Reconciliation?

    var summary: String {
        "\(probes) FREEs of ids just above the newest ALLOC, \(hits) hit (\(piecesFreed) pieces)"
            + (ledger.map { "; " + $0.summary } ?? "")
    }
}

struct RaceThief: Sendable {
    let plan: RacePlan
    /// Lent by the owner for the race (see `RaceRunner`).
    let shared: ControlFile.Shared
    let board: HandleBoard

    func run() -> (ThiefStats, SharedHandleLedger) {
        var stats = ThiefStats()
        var ledger = SharedHandleLedger()
        var window = ThiefWindow()
        let end = plan.end(from: MonotonicClock.nowNs())
        rounds: while MonotonicClock.nowNs() < end {
            window.observe(board.latest)
            for id in window.targets {
                stats.probes += 1
                do {
                    let f = try shared.free(handle: id)
                    stats.hits += 1
                    stats.piecesFreed = stats.piecesFreed.saturatingAdd(f.freed)
                    ledger.recordThiefFree(id, pieces: f.freed)
                    window.observe(id)
                } catch let PagebulkError.system(_, _, errno) where errno == .noSuchFileOrDirectory {
                    // Not handed out yet, or already freed: a miss.
                } catch {
                    // Any other answer means the file or the module is broken: stop.
                    stats.surprises.add("FREE of handle \(id) on the shared file: \(error)")
                    break rounds
                }
            }
            // Spin, since the window it aims at is short, but let the
            // allocating threads have this CPU when they can run.
            sched_yield()
        }
        return (stats, ledger)
    }
}
