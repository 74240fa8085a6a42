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

    /// Each typed request's number encodes the size of the struct its
    /// type carries: a request and a wrong struct no longer compile
    /// together, and this proves each pairing is the header's.
    @Test func typedRequestsCarryTheirPayloadSizes() {
        func fits<Payload>(_ request: IoctlRequest<Payload>) -> Bool {
            request.encodedSize == MemoryLayout<Payload>.size && request.encodedSize > 0
        }
        #expect(fits(IoctlRequest<pagebulk_info>.info))
        #expect(fits(IoctlRequest<pagebulk_alloc>.alloc))
        #expect(fits(IoctlRequest<pagebulk_free>.free))
        #expect(fits(IoctlRequest<pagebulk_verify>.verify))
        #expect(fits(IoctlRequest<pagebulk_pin>.pin))
        #expect(fits(IoctlRequest<pagebulk_order0>.order0))
        #expect(fits(IoctlRequest<pagebulk_census>.census))
        #expect(fits(IoctlRequest<pagebulk_dmabuf_layout>.dmabufLayout))
        #expect(IoctlRequest<pagebulk_census>.census.number == UInt(pagebulk_ioc_census()))
        let numbers = [IoctlRequest<pagebulk_info>.info.number, IoctlRequest<pagebulk_alloc>.alloc.number,
                       IoctlRequest<pagebulk_free>.free.number, IoctlRequest<pagebulk_verify>.verify.number,
                       IoctlRequest<pagebulk_pin>.pin.number, IoctlRequest<pagebulk_order0>.order0.number,
                       IoctlRequest<pagebulk_census>.census.number,
                       IoctlRequest<pagebulk_dmabuf_layout>.dmabufLayout.number]
        #expect(Set(numbers).count == numbers.count)
    }

    /// The forged request of the hostile-input tests: only the size field
    /// changes, to the low 14 bits of what it is told.
    @Test func aForgedRequestChangesOnlyTheSizeField() {
        let alloc = IoctlRequest<pagebulk_alloc>.alloc
        let sizeField = UInt(0x3fff) << 16
        for size in [0, 8, 100, PagebulkABI.allocSize - 8, 16383] {
            let forged = alloc.forged(size: size)
            #expect(forged.encodedSize == size)
            #expect(forged.number & ~sizeField == alloc.number & ~sizeField)
            #expect(forged.name == "ALLOC(forged)")
        }
        #expect(alloc.forged(size: PagebulkABI.allocSize).number == alloc.number)
        #expect(alloc.forged(size: 16384).encodedSize == 0)
        #expect(alloc.forged(size: -1).encodedSize == 16383)
    }

    /// The module writes the per-pageblock entries as an array of four u16.
    @Test func censusBlockIsFourHalfwords() {
        #expect(MemoryLayout<pagebulk_census_block>.size == 8)
        #expect(MemoryLayout<pagebulk_census>.size % 8 == 0)
    }

    /// Two 32-bit fields, four 64-bit counters and 32 orders: 296 bytes, no padding.
    @Test func dmabufLayoutHasNoHoles() {
        #expect(MemoryLayout<pagebulk_dmabuf_layout>.size == 8 + 4 * 8 + 32 * 8)
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
