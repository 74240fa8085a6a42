/// Arithmetic on numbers the kernel or the module reported. A kernel
/// regression can hand back anything; a check must then fail with the
/// numbers in its message, not trap and take the whole suite down.
extension UInt64 {
    /// How much a counter that only grows has grown since `earlier`; one
    /// that went backwards (the module reloaded, a corrupted count) fails.
    func growth(since earlier: UInt64, of counter: String) throws(CheckFailure) -> UInt64 {
        guard self >= earlier else {
            throw CheckFailure(description: "\(counter) went backwards from \(earlier) to \(self)")
        }
        return self - earlier
    }

    /// Whether `self` is at least `percent` % of `whole`, exactly, for any
    /// sizes (`self * 100` may not fit 64 bits).
    func isAtLeast(percent: UInt64, of whole: UInt64) -> Bool {
        let part = multipliedFullWidth(by: 100), share = whole.multipliedFullWidth(by: percent)
        return (part.high, part.low) >= (share.high, share.low)
    }

    /// `self` pieces of `order` in base pages (`self << order`), held at
    /// `.max` when that does not fit: for totals that are compared, where
    /// a corrupted count must fail the comparison, not trap.
    func basePages(order: UInt32) -> UInt64 {
        guard self != 0 else { return 0 }
        guard order < 64, self <= UInt64.max >> UInt64(order) else { return .max }
        return self << UInt64(order)
    }
}
