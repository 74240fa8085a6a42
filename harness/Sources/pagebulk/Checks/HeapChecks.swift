import PagebulkKit
import PagebulkProc
import SystemPackage

/// The chunk heap's edge cases (issue 15), each judged on what the kernel
/// did: the dma-buf's size, the bytes in the mapping, the frames under it
/// (`BufferFrames`: pagemap, or the CMA bitmap under a VM_PFNMAP mapping),
/// and the CMA area's debugfs `used` count.
struct HeapChecks {
    var area: ModuleInfo.CMAArea
    var order: UInt32
    var parameters = ChunkHeapParameters()
    var probe: BufferFrames

    static let page: UInt64 = 4096
    /// `order` is at most MAX_PAGE_ORDER (HeapChecksCommand checks it first).
    var chunkBytes: UInt64 { Self.page << UInt64(order) }
    /// Held at UInt64.max rather than wrapping on a corrupt page count.
    var areaBytes: UInt64 {
        let (bytes, overflow) = area.pages.multipliedReportingOverflow(by: Self.page)
        return overflow ? .max : bytes
    }

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        roundsUp(&list)
        tooLong(&list)
        for fallback in [true, false] { pinnedButFits(control, normalFallback: fallback, &list) }
        shortageReleasesAll(control, &list)
        closeWhileMapped(&list)
    }

    /// Allocate from the chunk heap with normal_fallback as given.
    func allocate(_ length: UInt64, normalFallback: Bool = true) throws -> DMABuf {
        let heap = try DMAHeap.open("chunk")
        return try parameters.withNormalFallback(normalFallback) { try heap.allocate(length: length) }
    }

    /// The buffer's frames (the mapping is touched first); `before` is
    /// the area's bitmap from before the allocation.
    func frames(_ mapping: borrowing DMABufMapping, size: UInt64, before: CMABitmap) throws -> [UInt64?] {
        mapping.touch()
        guard let found = try probe.read(mapping, size: size, before: before) else {
            throw CheckFailure(description: "neither pagemap nor the CMA bitmap showed the buffer's \(size / Self.page) pages")
        }
        return found.frames
    }

    func roundsUp(_ list: inout CheckList) {
        let length = 100 * 1024 + Self.page
        let want = (length + chunkBytes - 1) / chunkBytes * chunkBytes
        list.check("a length of 100 KiB + 1 page: a dma-buf of \(want) bytes (whole order-\(order) chunks), "
                   + "zeroed though the pages held data just before, every chunk whole and aligned") {
            let before = try CMAUsage.used(area.name)
            // Leave data in the pages the next buffer is likely to get.
            do {
                let dirty = try allocate(length)
                let m = try dirty.map(length: try dirty.size())
                m.stamp(seed: 0xA5A5_A5A5_A5A5_A5A5)
            }
            let bitmap = try probe.bitmap()
            let buffer = try allocate(length)
            let size = try buffer.size()
            try expect(size == want, "dma-buf size \(size), want \(want)")
            let mapping = try buffer.map(length: size)
            if let at = mapping.firstNonZeroByte() { throw CheckFailure(description: "byte \(at) is not zero") }
            let frames = try frames(mapping, size: size, before: bitmap)
            let chunks = ChunkAlignment(frames: frames, order: order)
            try expect(chunks?.isClean == true, "chunks: \(String(describing: chunks))")
            let held = try CMAUsage.used(area.name)
            try expect(held == before.saturatingAdd(size / Self.page), "used \(held) while held, \(before) before")
            mapping.unmap()
            buffer.close()
            let after = try CMAUsage.used(area.name)
            try expect(after == before, "used \(after) after the free, \(before) before")
        }
    }

    func tooLong(_ list: inout CheckList) {
        let length = areaBytes.saturatingAdd(100 << 20)
        list.check("a length of \(length >> 20) MiB on a \(areaBytes >> 20) MiB area: ENOMEM at once, "
                   + "CMA used unchanged") {
            let before = try CMAUsage.used(area.name)
            do {
                _ = try allocate(length)
                throw CheckFailure(description: "succeeded")
            } catch let DMAHeapError.allocationFailed(_, _, errno, elapsed) {
                try expect(errno == .noMemory, "errno \(errno), want ENOMEM")
                // "At once": no chunk was tried. A second is far more than
                // the length check takes even under TCG, far less than
                // clearing an area.
                try expect(elapsed < 1_000_000_000, "failed after \(elapsed / 1_000_000) ms, not at once")
            }
            let after = try CMAUsage.used(area.name)
            try expect(after == before, "used \(after), \(before) before")
        }
    }

    func pinnedButFits(_ control: borrowing ControlFile, normalFallback: Bool, _ list: inout CheckList) {
        let pins: UInt64 = 100
        let length = min(300 << 20, areaBytes / 2)
        list.check("\(pins) pins spread over the area, normal_fallback=\(normalFallback ? "Y" : "N"): "
                   + "\(length >> 20) MiB still fits the clean chunks, every chunk whole, aligned and in the area") {
            let pinned = try control.pin(cmaArea: area.index, count: pins)
            defer { _ = try? control.pin(cmaArea: area.index, count: 0) }
            try expect(pinned.pinned > 0, "nothing pinned")
            let before = try CMAUsage.used(area.name)
            let bitmap = try probe.bitmap()
            let buffer = try allocate(length, normalFallback: normalFallback)
            let size = try buffer.size()
            let mapping = try buffer.map(length: size)
            let frames = try frames(mapping, size: size, before: bitmap)
            let chunks = try unwrap(ChunkAlignment(frames: frames, order: order), "order \(order)")
            try expect(chunks.isClean, "\(chunks.misaligned) misaligned and \(chunks.broken) broken of \(chunks.chunks)")
            let layout = PhysicalLayout(frames: frames)
            try expect(layout.unresolved == 0, "\(layout.unresolved) pages without a frame")
            try expect((layout.minPFN ?? 0) >= area.basePFN && (layout.maxPFN ?? .max) <= area.endPFN,
                       "frames \(layout.minPFN ?? 0)..<\(layout.maxPFN ?? 0) outside the area "
                       + "\(area.basePFN)..<\(area.endPFN)")
            mapping.unmap()
            buffer.close()
            let after = try CMAUsage.used(area.name)
            try expect(after == before, "used \(after) after the free, \(before) before")
        }
    }

    func shortageReleasesAll(_ control: borrowing ControlFile, _ list: inout CheckList) {
        let pins: UInt64 = 256
        let refit = min(300 << 20, areaBytes / 2)
        list.check("\(pins) pins, then the whole area asked for: ENOMEM, and every chunk taken on the way "
                   + "is released (used back to the pinned-only level); unpinned, \(refit >> 20) MiB fits again") {
            let pinned = try control.pin(cmaArea: area.index, count: pins)
            var unpinned = false
            defer { if !unpinned { _ = try? control.pin(cmaArea: area.index, count: 0) } }
            try expect(pinned.pinned > 0, "nothing pinned")
            let before = try CMAUsage.used(area.name)
            let (outcome, peak) = UsedPeak.during(area.name) { () -> DMAHeapError? in
                do {
                    _ = try allocate(areaBytes)
                    return nil
                } catch {
                    return error as? DMAHeapError
                }
            }
            guard case let .allocationFailed(_, _, errno, elapsed)? = outcome else {
                throw CheckFailure(description: outcome.map { "\($0)" } ?? "succeeded with \(pinned.pinned) pins")
            }
            try expect(errno == .noMemory, "errno \(errno), want ENOMEM")
            let after = try CMAUsage.used(area.name)
            try expect(after == before, "used \(after) after the failure, \(before) with the pins alone "
                       + "(peak \(peak) during the call)")
            Progress.line("shortage: ENOMEM after \(elapsed / 1_000_000) ms; used peaked at \(peak) "
                          + "(\(before) before) and came back")
            _ = try control.pin(cmaArea: area.index, count: 0)
            unpinned = true
            let buffer = try allocate(refit)
            buffer.close()
        }
    }

    func closeWhileMapped(_ list: inout CheckList) {
        let length = min(64 << 20, areaBytes / 4)
        list.check("close the dma-buf fd while mapped: the mapping still reads and writes, the pages stay "
                   + "allocated until munmap, then used drops back") {
            let before = try CMAUsage.used(area.name)
            let buffer = try allocate(length)
            let size = try buffer.size()
            let mapping = try buffer.map(length: size)
            mapping.stamp(seed: 1)
            buffer.close()
            try expect(mapping.stampMismatches(seed: 1) == 0, "lost what was written before the close")
            mapping.stamp(seed: 2)
            let bad = mapping.stampMismatches(seed: 2)
            try expect(bad == 0, "\(bad) pages did not read back after the close")
            let held = try CMAUsage.used(area.name)
            let want = before.saturatingAdd(size / Self.page)
            try expect(held == want, "used \(held) with the fd closed, want \(want)")
            mapping.unmap()
            let after = try CMAUsage.used(area.name)
            try expect(after == before, "used \(after) after munmap, \(before) before")
        }
    }
}

func unwrap<T>(_ value: T?, _ what: @autoclosure () -> String) throws -> T {
    guard let value else { throw CheckFailure(description: "no value: \(what())") }
    return value
}
