import PagebulkKit

/// A pinned page costs the piece that holds it, not its chunk or the call:
/// checked on a CMA area filled with clean page cache from the scratch disk.
struct PinChecks {
    var area: ModuleInfo.CMAArea

    /// Page cache to fill memory with (it also lands in CMA pageblocks).
    static let scratch = ScratchFile(path: "/run/scratch/fill")
    static let scratchMiB: UInt64 = 900

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        let pieces = area.pages >> 4
        list.check("cma-bulk FAST leaves the pieces holding pins and takes the rest") {
            try Self.scratch.fill(mib: Self.scratchMiB)
            let pins = try control.pin(cmaArea: area.index, count: 8)
            try expect(pins.pinned > 0, "no in-use page found to pin")
            let r = try control.alloc(AllocRequest(method: .cmaBulk, order: 4, count: pieces, mode: .fast,
                                                   cmaArea: area.index))
            defer { if r.handle != 0 { _ = try? control.free(handle: r.handle) } }
            // Pins sit in distinct pageblocks, so each holds its own piece.
            try expect(pins.pinned <= pieces, "\(pins.pinned) pins in an area of \(pieces) pieces")
            let ceiling = pieces - pins.pinned
            try expect(r.obtained <= ceiling, "got \(r.obtained), more than the \(ceiling) unpinned pieces")
            try expect(r.obtained.isAtLeast(percent: 99, of: ceiling),
                       "got \(r.obtained) of \(ceiling) (\(pins.pinned) pins, \(r.chunksSkipped) chunks short)")
            try expect(r.chunksSkipped >= pins.pinnedBlocks,
                       "\(r.chunksSkipped) chunks short < \(pins.pinnedBlocks) pinned")
            let v = try control.verify(handle: r.handle)
            try expect(v.isClean, "verify: \(v)")
            _ = try control.pin(cmaArea: area.index, count: 0)
        }
        list.check("pins are dropped: the whole area is clear again") {
            let r = try control.alloc(AllocRequest(method: .cmaBulkTwoPass, order: 4, count: pieces,
                                                   cmaArea: area.index))
            defer { if r.handle != 0 { _ = try? control.free(handle: r.handle) } }
            try expect(r.obtained.isAtLeast(percent: 99, of: pieces), "got \(r.obtained) of \(pieces)")
            Self.scratch.remove()
        }
    }
}
