#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit

/// A PIN that pins nothing must keep nothing. PIN of one page aims at the
/// centre of the area (uapi/pagebulk.h: the centre of each of `count`
/// equal segments); when the file itself holds that pageblock, no page
/// there is in use by anyone else and none can be taken, so the PIN pins
/// nothing. The module once kept its page array then, and the next PIN
/// (not EBUSY, since nothing was pinned) leaked it: on the debug kernel
/// /proc/allocinfo shows that in the invariants that follow. Here: every
/// such PIN answers 0 pins and no error, a PIN after them pins once the
/// block is free, and PIN 0 gives that page back (the block can be taken
/// whole again).
struct EmptyPinCheck {
    var area: ModuleInfo.CMAArea
    var pageblockOrder: UInt32
    /// Empty PINs in a row: on the old module each but the last leaked.
    static let repeats = 16
    static let takeAttempts = 5

    /// The pageblock holding the area's centre pfn, nil when it is not
    /// wholly inside the area (a tiny or corrupted area, an absurd order).
    static func centreBlock(of area: ModuleInfo.CMAArea, pageblockOrder: UInt32) -> Range<UInt64>? {
        guard pageblockOrder < 32 else { return nil }
        let blockPages = UInt64(1) << UInt64(pageblockOrder)
        let centre = area.basePFN.saturatingAdd(area.pages / 2)
        let start = centre - centre % blockPages
        let (end, overflow) = start.addingReportingOverflow(blockPages)
        guard !overflow, start >= area.basePFN, end <= area.endPFN else { return nil }
        return start..<end
    }

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        list.check("PIN 1 while the file holds the pageblock it aims at: pins nothing and keeps nothing, "
                   + "\(Self.repeats) times; once the block is free PIN pins it, PIN 0 gives it back") {
            guard let block = Self.centreBlock(of: area, pageblockOrder: pageblockOrder) else {
                throw CheckFailure(description: "CMA area \(area.name) (pfn \(area.basePFN), \(area.pages) pages) "
                                   + "holds no whole pageblock at its centre")
            }
            var hold: UInt64? = try take(block, on: control)
            defer {
                if let hold { _ = try? control.free(handle: hold) }
                _ = try? control.pin(cmaArea: area.index, count: 0)
            }
            for i in 1...Self.repeats {
                // EBUSY here: an earlier PIN that pinned nothing left pins held.
                let p = try control.pin(cmaArea: area.index, count: 1)
                try expect(p.pinned == 0 && p.taken == 0 && p.pinnedBlocks == 0 && p.held == 0,
                           "PIN \(i) over pfn \(block.lowerBound)..<\(block.upperBound), which this file holds: "
                           + "\(p.pinned) pinned, \(p.taken) taken, in \(p.pinnedBlocks) pageblocks")
            }
            if let h = hold {
                let f = try control.free(handle: h)
                hold = nil
                try expect(f.freed == 1, "freed \(f.freed) pieces of the block, want 1")
            }
            let p = try control.pin(cmaArea: area.index, count: 1)
            try expect(p.pinned == 1, "PIN 1 over the freed block pinned \(p.pinned)")
            let u = try control.pin(cmaArea: area.index, count: 0)
            try expect(u.pinned == 0, "PIN 0 left \(u.pinned) pins")
            // A pin still held would keep alloc_contig_range() off the block.
            let again = try take(block, on: control)
            let f = try control.free(handle: again)
            try expect(f.freed == 1, "freed \(f.freed) pieces of the block, want 1")
        }
    }

    /// The block as one piece with alloc_contig_range(). Pages just freed
    /// to the per-cpu lists or being migrated can make it EBUSY for a
    /// moment; a pin left behind keeps it EBUSY.
    private func take(_ block: Range<UInt64>, on control: borrowing ControlFile) throws -> UInt64 {
        let request = AllocRequest(method: .contigRange, order: pageblockOrder, count: 1, cmaArea: area.index,
                                   startPFN: block.lowerBound, endPFN: block.upperBound)
        var last: AllocResult?
        for attempt in 0..<Self.takeAttempts {
            if attempt > 0 { usleep(200_000) }
            let r = try control.alloc(request)
            if r.handle != 0 {
                if r.obtained != 1 {
                    _ = try? control.free(handle: r.handle)
                    throw CheckFailure(description: "contig-range of pfn \(block.lowerBound)..<\(block.upperBound) "
                                       + "obtained \(r.obtained) pieces, want 1")
                }
                return r.handle
            }
            last = r
        }
        throw CheckFailure(description: "could not take pfn \(block.lowerBound)..<\(block.upperBound) in "
                           + "\(Self.takeAttempts) attempts: allocator error \(last?.error ?? 0)")
    }
}
