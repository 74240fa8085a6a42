/// `value` with `decimals` digits after the point, rounded half away from 0.
/// Written out by hand because the guest has no Foundation formatting that
/// rounds the same way on every libc.
public func fixed(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled.isFinite, scaled < 9e18 else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    let n = UInt64(scaled), unit = UInt64(scale)
    let sign = value < 0 && n > 0 ? "-" : ""
    guard decimals > 0 else { return sign + "\(n)" }
    let frac = String(n % unit)
    return sign + "\(n / unit)." + String(repeating: "0", count: decimals - frac.count) + frac
}
