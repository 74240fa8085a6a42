/// Wilson's score interval for a rate: unlike p ± z·sqrt(p(1-p)/n) it stays
/// inside 0...1 and does not collapse to a point at 0 of n or n of n, which
/// is what a 5/5 or 0/6 trial count needs.
public enum WilsonInterval {
    /// The standard normal's 97.5% quantile: a two-sided 95% interval.
    public static let z = 1.959_963_984_540_054

    /// The interval for `successes` of `trials`; nil for no trials or
    /// more successes than trials.
    public static func rate(successes: Int, of trials: Int) -> Interval? {
        guard trials > 0, (0...trials).contains(successes) else { return nil }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 of n and n of n the bound is exactly 0 or 1; rounding would
        // leave it a hair inside.
        return Interval(successes == 0 ? 0 : Swift.max(0, centre - half),
                        successes == trials ? 1 : Swift.min(1, centre + half))
    }
}
