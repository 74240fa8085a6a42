import Testing
@testable import PagebulkProc

/// Runs of consecutive frames from /proc/self/pagemap entries: the
/// segments a device's scatter-gather list would hold.
@Suite struct PhysicalLayoutTests {
    @Test func entriesDecodeLittleEndianWithPresentBitAndPFN() {
        // pfn 0x12345, present; then a swapped entry; then present with the PFN hidden.
        let present: UInt64 = (1 << 63) | 0x12345
        let swapped: UInt64 = 1 << 62 | 0x777
        let hidden: UInt64 = 1 << 63
        var bytes: [UInt8] = []
        for v in [present, swapped, hidden] { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        bytes += [1, 2, 3]  // a short read's tail: no entry
        let e = PagemapEntry.entries(bytes)
        #expect(e.count == 3)
        #expect(e[0].isPresent && e[0].pfn == 0x12345)
        #expect(!e[1].isPresent && e[1].isSwapped && e[1].pfn == nil)
        #expect(e[2].isPresent && e[2].pfn == nil)
        // Bits 55-62 (soft-dirty, exclusive, file) are not frame bits.
        #expect(PagemapEntry(raw: (1 << 63) | (1 << 61) | (1 << 55) | 42).pfn == 42)
    }

    @Test func runsSegmentsAndOrders() {
        // 16 consecutive, 3 consecutive, 1 alone, 256 consecutive.
        let frames: [UInt64?] = (1000..<1016).map { $0 } + [5000, 5001, 5002, 7] + (8192..<8448).map { $0 }
        let l = PhysicalLayout(frames: frames)
        #expect(l.pages == 276 && l.unresolved == 0)
        #expect(l.segments == 4)
        // Orders: 16 -> 4, 3 -> 1, 1 -> 0, 256 -> 8.
        #expect(l.segmentsByOrder == [1, 1, 0, 0, 1, 0, 0, 0, 1])
        #expect(l.ordersSeen == [0, 1, 4, 8])
        #expect(l.largestRun == 256 && l.smallestRun == 1)
        #expect(l.minPFN == 7 && l.maxPFN == 8448)
    }

    @Test func descendingOrRepeatedFramesBreakRuns() {
        #expect(PhysicalLayout(frames: [10, 9, 8]).segments == 3)
        #expect(PhysicalLayout(frames: [10, 10, 11]).segments == 2)
    }

    @Test func unknownFramesEndRunsAndCountApart() {
        let l = PhysicalLayout(frames: [1, 2, nil, 3, 4])
        #expect(l.unresolved == 1)
        // The gap splits 1-2 from 3-4 even though 3 follows 2.
        #expect(l.segments == 2 && l.segmentsByOrder == [0, 2])
        let none = PhysicalLayout(frames: [nil, nil])
        #expect(none.segments == 0 && none.largestRun == 0 && none.smallestRun == 0 && none.minPFN == nil)
        #expect(PhysicalLayout(frames: []).segments == 0)
    }

    @Test func hugeFramesDoNotTrap() {
        let l = PhysicalLayout(frames: [.max - 1, .max, 0])
        #expect(l.segments == 2 && l.maxPFN == .max)
    }

    @Test func orderIsFloorLog2() {
        #expect(PhysicalLayout.order(ofRun: 1) == 0)
        #expect(PhysicalLayout.order(ofRun: 15) == 3)
        #expect(PhysicalLayout.order(ofRun: 16) == 4)
        #expect(PhysicalLayout.order(ofRun: 76800) == 16)
    }

    @Test func chunksWholeAlignedMisalignedBroken() throws {
        // Two order-2 chunks: aligned at 64, then aligned at 8.
        let clean = try #require(ChunkAlignment(frames: [64, 65, 66, 67, 8, 9, 10, 11], order: 2))
        #expect(clean.chunks == 2 && clean.isClean)
        // Consecutive but starting at 5.
        let shifted = try #require(ChunkAlignment(frames: [5, 6, 7, 8], order: 2))
        #expect(shifted.misaligned == 1 && shifted.broken == 0 && !shifted.isClean)
        // A gap inside, an unknown frame, a partial tail.
        let broken = try #require(ChunkAlignment(frames: [0, 1, 3, 4, 8, nil, 10, 11, 12, 13], order: 2))
        #expect(broken.chunks == 3 && broken.broken == 3 && broken.misaligned == 0)
        // Order 0: every page is a chunk.
        #expect(ChunkAlignment(frames: [9, 3, 7], order: 0)?.isClean == true)
        #expect(ChunkAlignment(frames: [1], order: 40) == nil)
        // A chunk that would run past the last frame number is broken, not a trap.
        #expect(ChunkAlignment(frames: [.max - 1, .max], order: 1)?.broken == 1)
    }
}

/// The CMA bitmap that stands in for pagemap under VM_PFNMAP mappings.
@Suite struct CMABitmapTests {
    @Test func parsesTheU32ArrayDebugfsPrints() throws {
        let b = try CMABitmap(parsing: "0 4294967295 5\n")
        #expect(b.words == [0, .max, 5])
        #expect(throws: ProcParseError.self) { try CMABitmap(parsing: "1 x 3\n") }
        #expect(throws: ProcParseError.self) { try CMABitmap(parsing: "4294967296\n") }
        #expect(try CMABitmap(parsing: "").words.isEmpty)
    }

    @Test func newlySetBitsAreWhatACallTook() {
        let before = CMABitmap(words: [0b1010, 0, 1])
        let after = CMABitmap(words: [0b1111, 1 << 31, 0, 3])
        // Word 0: bits 0 and 2 are new; word 1: bit 31 = bit 63; word 2 was
        // freed (not new); word 3 is past the old bitmap: bits 96, 97.
        #expect(after.newlySet(since: before) == [0, 2, 63, 96, 97])
        #expect(before.newlySet(since: before).isEmpty)
    }

    @Test func bitsBecomeFramesByOrderPerBit() {
        #expect(CMABitmap.frames(ofBits: [3, 1], basePFN: 1000, orderPerBit: 0) == [1001, 1003])
        #expect(CMABitmap.frames(ofBits: [1], basePFN: 1000, orderPerBit: 2) == [1004, 1005, 1006, 1007])
        #expect(CMABitmap.frames(ofBits: [1], basePFN: .max - 1, orderPerBit: 0) == nil)
        #expect(CMABitmap.frames(ofBits: [1], basePFN: 0, orderPerBit: 40) == nil)
        // A 64 KiB-chunk heap's buffer seen through the bitmap: 2 aligned chunks.
        let frames = CMABitmap.frames(ofBits: Array(16..<32) + Array(64..<80), basePFN: 0x40000, orderPerBit: 0) ?? []
        #expect(PhysicalLayout(frames: frames).segments == 2)
        #expect(ChunkAlignment(frames: frames, order: 4)?.isClean == true)
    }
}
