#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PagebulkKit

/// A dot-and-whisker chart as inline SVG: one row per estimate, the dot at
/// its value, the whisker over its 95% interval. Drawn from the document's
/// own statistics, so every report has its plots and their intervals are
/// the tables' intervals, whether or not gnuplot ran.
public struct WhiskerChart: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var interval: Interval?

        public init(_ label: String, _ value: Double, _ interval: Interval?) {
            self.label = label
            self.value = value
            self.interval = interval
        }
    }

    public enum Axis: Sendable {
        /// 0 to 100% (rates).
        case percent
        /// From 0, or logarithmic when the values span more than a factor 20.
        case automatic
    }

    public var title: String
    public var rows: [Row]
    public var axis: Axis

    public init(title: String, rows: [Row], axis: Axis = .automatic) {
        self.title = title
        self.rows = rows.filter { $0.value.isFinite }
        self.axis = axis
    }

    static let width = 400.0, labelWidth = 175.0, rowHeight = 16.0, top = 24.0, bottom = 28.0

    /// The scale: its ends, whether it is logarithmic, and its ticks.
    struct Scale: Equatable {
        var low: Double
        var high: Double
        var log: Bool

        init(values: [Double], axis: Axis) {
            let finite = values.filter(\.isFinite)
            let positive = finite.filter { $0 > 0 }
            let lo = positive.min() ?? 1, hi = Swift.max(finite.max() ?? 1, lo)
            switch axis {
            case .percent:
                low = 0
                high = 1
                log = false
            case .automatic where positive.count == finite.count && hi / lo > 20:
                low = Self.power(lo, .down)
                high = Self.power(hi, .up)
                log = true
            case .automatic:
                low = 0
                high = Self.nice(hi)
                log = false
            }
        }

        /// The power of ten at or below `v` (`.down`), or at or above it.
        static func power(_ v: Double, _ rule: FloatingPointRoundingRule) -> Double {
            guard v > 0, v.isFinite else { return 1 }
            var p = 1.0
            while p > v { p /= 10 }
            while p * 10 <= v { p *= 10 }
            return rule == .up && p < v ? p * 10 : p
        }

        /// 1, 2 or 5 times a power of ten, at or above `v`.
        static func nice(_ v: Double) -> Double {
            guard v > 0 else { return 1 }
            let p = power(v, .down)
            return [1.0, 2, 5, 10].map { $0 * p }.first { $0 >= v } ?? 10 * p
        }

        /// Powers of ten on a log axis; on a linear one 4 or 5 steps of 1,
        /// 2 or 5 times a power of ten.
        var ticks: [Double] {
            guard log else {
                let steps = (high / Self.power(high, .down)).rounded() == 2 ? 4 : 5
                return (0...steps).map { low + (high - low) * Double($0) / Double(steps) }
            }
            var out: [Double] = [], t = low
            while t <= high * 1.000_001 { out.append(t); t *= 10 }
            return out
        }

        /// A tick's label: on a log axis as many decimals as the tick
        /// needs, on a linear one as many as its step.
        func label(_ v: Double) -> String {
            let finest = log ? v : (high - low) / 5
            return fixed(v, finest > 0 ? Swift.max(0, Swift.min(9, Int(-log10(finest).rounded(.up)))) : 0)
        }

        /// 0...1 across the axis; values outside clamp to its ends.
        func position(_ v: Double) -> Double {
            let p = log ? (log10(Swift.max(v, low)) - log10(low))
                / (log10(high) - log10(low))
                : (v - low) / (high - low)
            return p.isFinite ? Swift.min(1, Swift.max(0, p)) : 0
        }
    }

    public func svg() -> String {
        let scale = Scale(values: rows.flatMap { [$0.value] + ($0.interval.map { [$0.lower, $0.upper] } ?? []) },
                          axis: axis)
        let plotLeft = Self.labelWidth + 8, plotWidth = Self.width - plotLeft - 12
        let height = Self.top + Double(rows.count) * Self.rowHeight + Self.bottom
        func x(_ v: Double) -> String { fixed(plotLeft + scale.position(v) * plotWidth, 1) }
        func tick(_ v: Double) -> String { axis == .percent ? "\(fixed(v * 100, 0))%" : scale.label(v) }
        let axisY = Self.top + Double(rows.count) * Self.rowHeight + 4
        var s = "<svg class=\"whiskers\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fixed(Self.width, 0))\" "
            + "height=\"\(fixed(height, 0))\" role=\"img\" aria-label=\"\(HTMLPage.escape(title))\">"
            + "<text x=\"0\" y=\"14\" class=\"t\">\(HTMLPage.escape(title))</text>"
        for t in scale.ticks {
            s += "<line x1=\"\(x(t))\" x2=\"\(x(t))\" y1=\"\(fixed(Self.top - 4, 0))\" y2=\"\(fixed(axisY, 1))\" class=\"g\"/>"
                + "<text x=\"\(x(t))\" y=\"\(fixed(axisY + 14, 1))\" text-anchor=\"middle\">\(tick(t))</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = Self.top + (Double(i) + 0.5) * Self.rowHeight
            let yText = fixed(y, 1)
            s += "<text x=\"\(fixed(Self.labelWidth, 0))\" y=\"\(fixed(y + 4, 1))\" text-anchor=\"end\">"
                + "\(HTMLPage.escape(row.label))</text>"
            if let whisker = row.interval {
                s += "<line x1=\"\(x(whisker.lower))\" x2=\"\(x(whisker.upper))\" y1=\"\(yText)\" y2=\"\(yText)\" class=\"w\"/>"
                for end in [whisker.lower, whisker.upper] {
                    s += "<line x1=\"\(x(end))\" x2=\"\(x(end))\" y1=\"\(fixed(y - 4, 1))\" y2=\"\(fixed(y + 4, 1))\" class=\"w\"/>"
                }
            }
            s += "<circle cx=\"\(x(row.value))\" cy=\"\(yText)\" r=\"3.5\"><title>\(HTMLPage.escape(row.label)): "
                + "\(tick(row.value))</title></circle>"
        }
        return s + "</svg>\n"
    }
}
