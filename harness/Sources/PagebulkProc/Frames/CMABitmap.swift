/// A CMA area's allocation bitmap as debugfs shows it
/// (/sys/kernel/debug/cma/NAME/bitmap, CONFIG_CMA_DEBUGFS): the kernel's
/// unsigned longs printed as u32 decimals, space separated, so on a
/// little-endian machine word i holds bits 32i to 32i+31 and bit b of the
/// bitmap covers pages [b << order_per_bit, (b + 1) << order_per_bit) of
/// the area.
///
/// The dma-buf heaps map their buffers with VM_PFNMAP, which
/// /proc/self/pagemap does not walk; for the CMA heaps the pages a call
/// took are the bits it set, read before and while the buffer is held.
public struct CMABitmap: Sendable, Equatable {
    public var words: [UInt32]

    public init(words: [UInt32]) {
        self.words = words
    }

    public init(parsing text: String) throws(ProcParseError) {
        var words: [UInt32] = []
        for (i, field) in text.split(whereSeparator: { $0 == " " || $0 == "\n" }).enumerated() {
            guard let w = UInt32(field) else {
                throw ProcParseError(file: "cma bitmap", line: 1, reason: "word \(i) is '\(field)', not a u32")
            }
            words.append(w)
        }
        self.words = words
    }

    /// Bits set here and clear in `before`: what was allocated between
    /// the two readings (and not freed again). Words past the shorter
    /// bitmap count as clear in it.
    public func newlySet(since before: CMABitmap) -> [UInt64] {
        var bits: [UInt64] = []
        for (i, word) in words.enumerated() {
            var fresh = word & ~(i < before.words.count ? before.words[i] : 0)
            while fresh != 0 {
                let b = UInt64(fresh.trailingZeroBitCount)
                bits.append(UInt64(i) * 32 + b)
                fresh &= fresh - 1
            }
        }
        return bits
    }

    /// The frames those bits stand for, ascending: `basePFN` plus each
    /// bit's pages. Nil when the numbers cannot be frames (an order per
    /// bit beyond a page count, or frames past UInt64).
    public static func frames(ofBits bits: [UInt64], basePFN: UInt64, orderPerBit: UInt32) -> [UInt64]? {
        guard orderPerBit < 32 else { return nil }
        let perBit = UInt64(1) << UInt64(orderPerBit)
        var frames: [UInt64] = []
        for bit in bits.sorted() {
            let (offset, o1) = bit.multipliedReportingOverflow(by: perBit)
            let (first, o2) = basePFN.addingReportingOverflow(offset)
            guard !o1, !o2, first <= UInt64.max - perBit else { return nil }
            for p in 0..<perBit { frames.append(first + p) }
        }
        return frames
    }
}
