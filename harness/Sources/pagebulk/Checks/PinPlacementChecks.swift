#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit
import SystemPackage

/// PIN's placements and transient pins (issue 14 part 6): a seed aims at
/// the same pfns every time, transient pins go by themselves by their
/// longest hold, and PIN 0 or close with transient pins pending drops them
/// all at once and keeps nothing. About 5 s in all.
struct PinPlacementChecks {
    var area: ModuleInfo.CMAArea
    var controlPath: String

    static let pins: UInt64 = 32
    static let seed: UInt64 = 0x5EED_0014
    /// A short hold for the expiry check, a long one for the drop checks.
    static let short = PinHold(minMs: 10, maxMs: 300)
    static let long = PinHold(minMs: 5000, maxMs: 10_000)
    /// Slack past the longest hold: jiffies rounding, a busy workqueue.
    static let slackMs: UInt64 = 3000

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        for placement in [PinPlacement.random, .clustered] {
            list.check("PIN \(Self.pins) \(placement.rawValue), one seed twice: the same pfns aimed at; "
                       + "another seed: others") {
                let a = try targets(placement, seed: Self.seed, control)
                let b = try targets(placement, seed: Self.seed, control)
                let c = try targets(placement, seed: Self.seed &+ 1, control)
                try expect(a.count == Int(Self.pins), "\(a.count) positions, want \(Self.pins)")
                try expect(a == b, "seed \(Self.seed) aimed at \(Self.diff(a, b)) other pfns the second time")
                try expect(a != c, "seeds \(Self.seed) and \(Self.seed &+ 1) aimed at the same pfns")
                let outside = a.filter { !(area.basePFN..<area.endPFN).contains($0) }
                try expect(outside.isEmpty, "\(outside.count) targets outside the area")
            }
        }
        list.check("transient pins (\(Self.short)) are gone by their longest hold, dropped by the module") {
            let before = try control.pinQuery()
            let p = try control.pin(PinRequest(cmaArea: area.index, count: Self.pins, placement: .random,
                                               seed: Self.seed, hold: Self.short)).result
            defer { _ = try? control.pin(cmaArea: area.index, count: 0) }
            try expect(p.pinned > 0, "no pin placed")
            try expect(p.held <= p.pinned && p.heldAll >= p.held, "PIN said \(p)")
            let done = try waitUntilDropped(control, within: UInt64(Self.short.maxMs) + Self.slackMs)
            try expect(done.held == 0, "\(done.held) of \(p.pinned) pins still held "
                       + "\(UInt64(Self.short.maxMs) + Self.slackMs) ms after the PIN")
            try expect(done.expired == p.pinned, "\(done.expired) dropped by their timers, \(p.pinned) placed")
            try expect(done.heldAll == before.heldAll, "module holds \(done.heldAll) pins, \(before.heldAll) before")
            // Expired pins still count as this file's until PIN 0.
            try expectErrno(.resourceBusy) { _ = try control.pin(cmaArea: area.index, count: 1) }
            let u = try control.pin(cmaArea: area.index, count: 0)
            try expect(u.pinned == 0 && u.held == 0, "PIN 0 left \(u)")
        }
        list.check("PIN 0 with \(Self.pins) transient pins pending (\(Self.long)) drops them at once") {
            let before = try control.info()
            let base = try control.pinQuery()
            let p = try control.pin(PinRequest(cmaArea: area.index, count: Self.pins, placement: .random,
                                               seed: Self.seed, hold: Self.long)).result
            try expect(p.pinned > 0 && p.held == p.pinned, "PIN said \(p)")
            let t0 = MonotonicClock.nowNs()
            let u = try control.pin(cmaArea: area.index, count: 0)
            let ms = (MonotonicClock.nowNs() - t0) / 1_000_000
            try expect(u.pinned == 0 && u.held == 0 && u.expired == 0, "PIN 0 left \(u)")
            try expect(u.heldAll == base.heldAll, "module holds \(u.heldAll) pins, \(base.heldAll) before")
            try expect(ms < UInt64(Self.long.minMs), "PIN 0 took \(ms) ms: it waited for the holds")
            let after = try control.info()
            try expect(after.heldPages == before.heldPages, "held pages \(after.heldPages), \(before.heldPages) before")
            // The file can pin again: nothing of the old PIN is left.
            let again = try control.pin(cmaArea: area.index, count: 1)
            try expect(again.pinned == 1, "PIN 1 after PIN 0 pinned \(again.pinned)")
            _ = try control.pin(cmaArea: area.index, count: 0)
        }
        list.check("closing a file with \(Self.pins) transient pins pending drops them") {
            let base = try control.pinQuery()
            let other = try ControlFile.open(controlPath)
            let p = try other.pin(PinRequest(cmaArea: area.index, count: Self.pins, placement: .clustered,
                                             seed: Self.seed, hold: Self.long)).result
            let during = try control.pinQuery()
            other.close()
            let after = try control.pinQuery()
            try expect(p.pinned > 0, "no pin placed")
            try expect(during.heldAll == base.heldAll + p.pinned, "module held \(during.heldAll) while open")
            try expect(after.heldAll == base.heldAll, "module holds \(after.heldAll) pins after close")
        }
        list.check("transient pins (\(Self.short)) dropped while cma-bulk HARD clears half the area: "
                   + "its pieces verify, then no pin and no page is left") {
            let before = try control.info()
            let base = try control.pinQuery()
            let p = try control.pin(PinRequest(cmaArea: area.index, count: Self.pins * 2, placement: .random,
                                               seed: Self.seed &+ 2, hold: Self.short)).result
            defer { _ = try? control.pin(cmaArea: area.index, count: 0) }
            let r = try control.alloc(AllocRequest(method: .cmaBulk, order: 4, count: area.pages >> 5, mode: .hard,
                                                   cmaArea: area.index))
            let during = try control.pinQuery()
            if r.handle != 0 {
                let v = try control.verify(handle: r.handle, range: area.basePFN..<area.endPFN)
                _ = try control.free(handle: r.handle)
                try expect(v.isClean, "verify: \(v)")
            }
            try expect(r.obtained > 0, "HARD got nothing, error \(r.error)")
            let done = try waitUntilDropped(control, within: UInt64(Self.short.maxMs) + Self.slackMs)
            let u = try control.pin(cmaArea: area.index, count: 0)
            let after = try control.info()
            try expect(done.held == 0 && done.expired == p.pinned,
                       "\(done.held) pins held, \(done.expired) of \(p.pinned) expired (\(during.expired) by the "
                       + "call's end)")
            try expect(u.heldAll == base.heldAll, "module holds \(u.heldAll) pins, \(base.heldAll) before")
            try expect(after.heldPages == before.heldPages, "held pages \(after.heldPages), \(before.heldPages) before")
        }
        list.check("PIN refuses a hold with min > max, a hold past 600 s, and windows above the pageblock order") {
            for request in [
                PinRequest(cmaArea: area.index, count: 1, hold: PinHold(minMs: 20, maxMs: 10)),
                PinRequest(cmaArea: area.index, count: 1, hold: PinHold(minMs: 0, maxMs: 600_001)),
                PinRequest(cmaArea: area.index, count: 1, windowOrder: 30),
            ] {
                try expectErrno(.invalidArgument) { _ = try control.pin(request) }
            }
            try expect(try control.pinQuery().held == 0, "a refused PIN left pins")
        }
    }

    /// The pfns a PIN of `placement` aims at; the pins are dropped again.
    private func targets(_ placement: PinPlacement, seed: UInt64,
                         _ control: borrowing ControlFile) throws -> [UInt64] {
        let r = try control.pin(PinRequest(cmaArea: area.index, count: Self.pins, placement: placement, seed: seed))
        _ = try control.pin(cmaArea: area.index, count: 0)
        return r.positions.map(\.target)
    }

    /// Query every 50 ms until the file holds no pins, or `ms` have gone.
    private func waitUntilDropped(_ control: borrowing ControlFile, within ms: UInt64) throws -> PinResult {
        let end = MonotonicClock.nowNs() + ms * 1_000_000
        var now = try control.pinQuery()
        while now.held > 0 && MonotonicClock.nowNs() < end {
            usleep(50_000)
            now = try control.pinQuery()
        }
        return now
    }

    static func diff(_ a: [UInt64], _ b: [UInt64]) -> Int {
        zip(a, b).filter { $0 != $1 }.count + abs(a.count - b.count)
    }
}
