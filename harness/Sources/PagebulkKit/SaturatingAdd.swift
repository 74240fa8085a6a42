extension FixedWidthInteger where Self: UnsignedInteger {
    /// `self + other`, held at `.max` instead of trapping: for totals of
    /// kernel-reported counts that are only reported. A kernel regression
    /// can hand back anything; a report must not trap on it.
    public func saturatingAdd(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
