/// Order statistics over a small sample, nearest-rank, as mmtests reports
/// percentiles. Empty samples have none.
public struct Percentiles: Codable, Sendable, Equatable {
    public var count: Int
    public var min: UInt64
    public var p50: UInt64
    public var p99: UInt64
    public var max: UInt64

    public init?(_ samples: [UInt64]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func rank(_ p: Double) -> UInt64 {
            let r = Int((p * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, r))]
        }
        count = sorted.count
        min = sorted[0]
        p50 = rank(0.50)
        p99 = rank(0.99)
        max = sorted[sorted.count - 1]
    }
}
