import CPagebulk
import Testing
@testable import PagebulkKit

/// The ioctl numbers encode the struct sizes the module was built with:
/// Swift's view of the shared header must agree with them.
@Suite struct ABILayoutTests {
    @Test func requestNumbersCarryTheStructSizes() {
        #expect(Int(pagebulk_ioc_size(pagebulk_ioc_info())) == MemoryLayout<pagebulk_info>.size)
        #expect(Int(pagebulk_ioc_size(pagebulk_ioc_alloc())) == MemoryLayout<pagebulk_alloc>.size)
        #expect(Int(pagebulk_ioc_size(pagebulk_ioc_free())) == MemoryLayout<pagebulk_free>.size)
        #expect(Int(pagebulk_ioc_size(pagebulk_ioc_verify())) == MemoryLayout<pagebulk_verify>.size)
        #expect(Int(pagebulk_ioc_size(pagebulk_ioc_census())) == MemoryLayout<pagebulk_census>.size)
    }

    /// The module writes the per-pageblock entries as an array of four u16.
    @Test func censusBlockIsFourHalfwords() {
        #expect(MemoryLayout<pagebulk_census_block>.size == 8)
        #expect(MemoryLayout<pagebulk_census>.size % 8 == 0)
    }

    @Test func structsArePaddedToEightBytes() {
        for size in [MemoryLayout<pagebulk_info>.size, MemoryLayout<pagebulk_alloc>.size,
                     MemoryLayout<pagebulk_free>.size, MemoryLayout<pagebulk_verify>.size] {
            #expect(size % 8 == 0)
        }
    }

    @Test func methodsRoundTripThroughTheirRawValues() {
        for m in AllocMethod.allCases { #expect(AllocMethod(raw: m.raw) == m) }
        #expect(AllocMethod(raw: UInt32(PAGEBULK_NR_METHODS.rawValue)) == nil)
        #expect(Set(AllocMethod.allCases.map(\.raw)).count == Int(PAGEBULK_NR_METHODS.rawValue))
    }

    @Test func requestCarriesTheHarnessABIVersion() {
        let raw = AllocRequest(method: .cmaWhole, order: 4, count: 4800, cmaArea: 0).raw
        #expect(raw.abi_version == PagebulkABI.version)
        #expect(raw.cma_area == 0 && raw.count == 4800 && raw.order == 4)
        #expect(AllocRequest(method: .allocPages, order: 0, count: 1).raw.cma_area == PAGEBULK_NO_CMA)
    }

    @Test func cStringStopsAtTheArrayEnd() {
        var info = pagebulk_info()
        withUnsafeMutableBytes(of: &info.release) { _ = $0.initializeMemory(as: UInt8.self, repeating: 0x41) }
        #expect(cString(info.release).count == Int(PAGEBULK_NAME_LEN))
    }
}
