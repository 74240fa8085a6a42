import CPagebulk

/// One of the module's ioctl requests, typed by the struct it carries.
///
/// A request number encodes its struct's size (`_IOC_SIZE`) and the module
/// refuses any other, so a number sent with the wrong struct is a harness
/// bug that only a guest would catch. Here each number exists only as an
/// `IoctlRequest<Payload>` of its own struct: `ioctl(.alloc, &info)` does
/// not compile. The one way to send bytes under a number that disagrees
/// with them is `forged(size:)`, for the hostile-input tests.
public struct IoctlRequest<Payload>: Sendable {
    /// The request's name in errors: "ALLOC".
    public let name: String
    /// The request number as ioctl(2) takes it.
    public let number: UInt

    fileprivate init(_ name: String, _ number: UInt) {
        self.name = name
        self.number = number
    }

    /// The payload size the number encodes, as the module's `_IOC_SIZE()` reads it.
    public var encodedSize: Int { Int(pagebulk_ioc_size(number)) }
}

extension IoctlRequest where Payload == pagebulk_info {
    public static var info: Self { Self("INFO", UInt(pagebulk_ioc_info())) }
}

extension IoctlRequest where Payload == pagebulk_alloc {
    public static var alloc: Self { Self("ALLOC", UInt(pagebulk_ioc_alloc())) }
}

extension IoctlRequest where Payload == pagebulk_free {
    public static var free: Self { Self("FREE", UInt(pagebulk_ioc_free())) }
}

extension IoctlRequest where Payload == pagebulk_verify {
    public static var verify: Self { Self("VERIFY", UInt(pagebulk_ioc_verify())) }
}

extension IoctlRequest where Payload == pagebulk_pin {
    public static var pin: Self { Self("PIN", UInt(pagebulk_ioc_pin())) }
}

extension IoctlRequest where Payload == pagebulk_order0 {
    public static var order0: Self { Self("ORDER0", UInt(pagebulk_ioc_order0())) }
}

extension IoctlRequest where Payload == pagebulk_census {
    public static var census: Self { Self("CENSUS", UInt(pagebulk_ioc_census())) }
}

extension IoctlRequest where Payload == pagebulk_dmabuf_layout {
    public static var dmabufLayout: Self { Self("DMABUF_LAYOUT", UInt(pagebulk_ioc_dmabuf_layout())) }
}

extension IoctlRequest where Payload == dma_heap_allocation_data {
    /// DMA_HEAP_IOCTL_ALLOC of <linux/dma-heap.h>, on a heap's device, not the control file.
    public static var dmaHeapAlloc: Self { Self("DMA_HEAP_IOCTL_ALLOC", UInt(pagebulk_ioc_dma_heap_alloc())) }
}

/// The payload of a forged request: raw bytes, whatever the number says.
/// Uninhabited, so the typed `ioctl` can never send one; only the
/// byte-buffer `ioctl` takes a forged request.
public enum ForgedPayload {}

extension IoctlRequest {
    /// The size field of a request number: 14 bits from bit 16 (`_IOC_SIZEBITS`, `_IOC_SIZESHIFT`).
    static var sizeField: UInt { UInt(0x3fff) << 16 }

    /// This request with a size field that says `size` bytes (its low 14
    /// bits, all the field holds), for hostile-input tests.
    public func forged(size: Int) -> IoctlRequest<ForgedPayload> {
        let field = UInt(truncatingIfNeeded: size & 0x3fff) << 16
        return IoctlRequest<ForgedPayload>("\(name)(forged)", (number & ~Self.sizeField) | field)
    }
}
