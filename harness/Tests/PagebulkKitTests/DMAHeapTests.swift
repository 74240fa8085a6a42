import CPagebulk
import Foundation
import PagebulkProc
import Testing
@testable import PagebulkKit

/// The dma-buf heap UAPI as Swift sees it, the chunk heap's parameters,
/// and what a heap call records.
@Suite struct DMAHeapTests {
    /// include/uapi/linux/dma-heap.h: _IOWR('H', 0, 24-byte struct).
    @Test func allocIoctlIsTheUAPIs() {
        #expect(MemoryLayout<dma_heap_allocation_data>.size == 24)
        #expect(MemoryLayout<dma_heap_allocation_data>.offset(of: \.fd) == 8)
        #expect(MemoryLayout<dma_heap_allocation_data>.offset(of: \.heap_flags) == 16)
        let request = IoctlRequest<dma_heap_allocation_data>.dmaHeapAlloc
        #expect(request.number == 0xC018_4800)
        #expect(request.encodedSize == MemoryLayout<dma_heap_allocation_data>.size)
    }

    @Test func heapVariantsNameTheirDevicesAndFallback() {
        #expect(HeapVariant.allCases.map(\.deviceName) == ["system", "reserved", "chunk", "chunk"])
        #expect(HeapVariant.chunk.normalFallback == true && HeapVariant.chunkFast.normalFallback == false)
        #expect(HeapVariant.system.normalFallback == nil && !HeapVariant.system.usesCMA)
        #expect(HeapVariant(rawValue: "chunk-fast") == .chunkFast)
        #expect(Set(HeapVariant.allCases.map(\.title)).count == 4)
    }

    @Test func boolParametersReadAsTheKernelPrintsThem() {
        #expect(ChunkHeapParameters.bool("Y\n") == true)
        #expect(ChunkHeapParameters.bool("N\n") == false)
        #expect(ChunkHeapParameters.bool(" 1 ") == true)
        #expect(ChunkHeapParameters.bool("maybe") == nil)
        #expect(ChunkHeapParameters.bool("") == nil)
    }

    /// A directory standing in for /sys/module/chunk_heap/parameters.
    func parameters() throws -> ChunkHeapParameters {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chunk-heap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try TextFile.write("4\n", to: dir + "/order")
        try TextFile.write("Y\n", to: dir + "/normal_fallback")
        return ChunkHeapParameters(directory: dir)
    }

    @Test func normalFallbackIsSetForTheBodyAndPutBack() throws {
        let p = try parameters()
        #expect(try p.order() == 4)
        let seen = try p.withNormalFallback(false) { try p.normalFallback() }
        #expect(seen == false)
        #expect(try p.normalFallback() == true)
        struct Boom: Error {}
        #expect(throws: Boom.self) { try p.withNormalFallback(false) { throw Boom() } }
        #expect(try p.normalFallback() == true, "put back after a throw too")
        try TextFile.write("x\n", to: p.directory + "/order")
        #expect(throws: PagebulkError.self) { try p.order() }
    }

    @Test func vmstatDeltasAreClampedAtZero() throws {
        let a = VMStat(counters: ["pgmigrate_success": 10, "cma_alloc_success": 5, "compact_stall": 3])
        let b = VMStat(counters: ["pgmigrate_success": 25, "cma_alloc_success": 4])
        let d = VMEventDelta(from: a, to: b)
        #expect(d.pgmigrateSuccess == 15)
        #expect(d.cmaAllocSuccess == 0, "a counter that went back reads 0")
        #expect(d.compactStall == 0, "a counter that vanished reads 0")
        let extremes = VMEventDelta(from: VMStat(counters: ["pgmigrate_fail": .min]),
                                    to: VMStat(counters: ["pgmigrate_fail": .max]))
        #expect(extremes.pgmigrateFail == 0, "an overflowing difference reads 0, not a trap")
    }

    @Test func heapTrialsRoundTripAndNameErrnos() throws {
        var t = HeapTrial(heap: .chunkFast, trial: 3, length: 300 << 20, allocNs: 1_500_000)
        t.errno = 12
        t.cmaUsed = CMAUsedTrace(before: 0, held: nil, after: 0)
        #expect(!t.isFull && t.errnoName == "ENOMEM")
        #expect(HeapTrial.errnoName(4) == "EINTR" && HeapTrial.errnoName(99) == "errno 99")
        let text = String(decoding: try JSONEncoder().encode(t), as: UTF8.self)
        #expect(text.contains("\"chunk-fast\""))
        #expect(try JSONDecoder().decode(HeapTrial.self, from: Data(text.utf8)) == t)
        var ok = HeapTrial(heap: .system, trial: 0, length: 4096, allocNs: 1)
        ok.size = 4096
        #expect(ok.isFull)
        ok.size = 0
        #expect(!ok.isFull, "a buffer shorter than asked is not full")
    }

    @Test func aMissingHeapSaysSo() {
        #expect(throws: DMAHeapError.noHeap("no-such-heap-here")) { _ = try DMAHeap.open("no-such-heap-here") }
        #expect(DMAHeapError.noHeap("chunk").errno == nil)
        #expect(DMAHeapError.allocationFailed(heap: "chunk", length: 1, errno: .noMemory, elapsedNs: 5).errno == .noMemory)
    }
}
