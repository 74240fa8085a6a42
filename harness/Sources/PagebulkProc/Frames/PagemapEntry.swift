/// One 8-byte entry of /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst):
/// bit 63 present, bit 62 swapped, bits 0-54 the page frame number when
/// present. Without CAP_SYS_ADMIN the kernel reports the PFN as 0, so a
/// present entry with PFN 0 is "not known", not frame 0.
public struct PagemapEntry: Sendable, Equatable {
    public var raw: UInt64

    public init(raw: UInt64) {
        self.raw = raw
    }

    public static let presentBit: UInt64 = 1 << 63
    public static let swappedBit: UInt64 = 1 << 62
    /// Bits 0-54.
    public static let pfnMask: UInt64 = (1 << 55) - 1

    public var isPresent: Bool { raw & Self.presentBit != 0 }
    public var isSwapped: Bool { raw & Self.swappedBit != 0 }

    /// The frame, nil when the page is not present or the PFN is hidden.
    public var pfn: UInt64? {
        guard isPresent else { return nil }
        let pfn = raw & Self.pfnMask
        return pfn == 0 ? nil : pfn
    }

    /// Entries from the file's bytes, little-endian as x86 and arm64 write
    /// them; a trailing partial entry (a short read) is left out.
    public static func entries(_ bytes: [UInt8]) -> [PagemapEntry] {
        stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { at in
            var v: UInt64 = 0
            for i in (0..<8).reversed() { v = v << 8 | UInt64(bytes[at + i]) }
            return PagemapEntry(raw: v)
        }
    }
}
