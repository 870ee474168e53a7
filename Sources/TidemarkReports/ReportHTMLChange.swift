/// How one headline number moved against the previous window, in integer
/// tenths so the page is the same on every machine.
enum ReportHTMLChange: Hashable {
    /// Nothing to compare with: no previous report, or it had zero.
    case new
    /// Relative change in tenths of a percent (`125` is +12.5 %).
    case percent(Int64)
    /// Difference of two rates in tenths of a percentage point.
    case points(Int64)

    /// The change of a count; `.new` when `before` is nil, or zero while `now` is not.
    static func count(_ now: Int, _ before: Int?) -> ReportHTMLChange {
        guard let before else { return .new }
        guard before != 0 else { return now == 0 ? .percent(0) : .new }
        return .percent(Rounding.divideHalfAwayFromZero(Int64(now - before) * 1000, Int64(before)))
    }

    /// The relative change of a decimal; `.new` when `before` is nil or zero.
    static func decimal(_ now: ReportDecimal, _ before: ReportDecimal?) -> ReportHTMLChange {
        guard let before, before.units != 0 else { return .new }
        let scale = max(now.scale, before.scale)
        let a = now.units * HTMLText.power10(scale - now.scale)
        let b = before.units * HTMLText.power10(scale - before.scale)
        return .percent(Rounding.divideHalfAwayFromZero((a - b) * 1000, b))
    }

    /// The difference of two ratios (0.25 is 25 %) in percentage points;
    /// `.new` when there is no earlier rate.
    static func rate(_ now: ReportDecimal, _ before: ReportDecimal?) -> ReportHTMLChange {
        guard let before else { return .new }
        let scale = max(now.scale, before.scale)
        let diff = now.units * HTMLText.power10(scale - now.scale) - before.units * HTMLText.power10(scale - before.scale)
        return .points(Rounding.divideHalfAwayFromZero(diff * 1000, HTMLText.power10(scale)))
    }

    /// Which way is good news for a metric.
    enum Polarity {
        /// More is better (visitors, pageviews).
        case higherIsBetter
        /// Less is better (bounce rate).
        case lowerIsBetter
        /// Neither (bot traffic).
        case neutral
    }

    /// The signed size of the change, 0 for `.new`.
    private var tenths: Int64 {
        switch self {
        case .new: 0
        case .percent(let t), .points(let t): t
        }
    }

    /// The CSS class: `new`, `flat`, `good`, `bad` or `moved`.
    func cssClass(_ polarity: Polarity) -> String {
        if self == .new { return "new" }
        if tenths == 0 { return "flat" }
        switch polarity {
        case .higherIsBetter: return tenths > 0 ? "good" : "bad"
        case .lowerIsBetter: return tenths < 0 ? "good" : "bad"
        case .neutral: return "moved"
        }
    }

    /// `▲ 12.5%`, `▼ 3 pts`, `▲ 250%`, `no change` or `new`.
    var text: String {
        let t = tenths
        if self == .new { return "new" }
        if t == 0 { return "no change" }
        let arrow = t > 0 ? "▲ " : "▼ "
        let magnitude = Int64(t.magnitude)
        let number =
            magnitude % 10 == 0 || magnitude >= 1000
            ? HTMLText.grouped(Int(Rounding.divideHalfAwayFromZero(magnitude, 10)))
            : ReportDecimal(units: magnitude, scale: 1).description
        if case .points = self { return arrow + number + " pts" }
        return arrow + number + "%"
    }

    /// `up`, `down`, `unchanged` or `new`, for screen readers.
    var spoken: String {
        if self == .new { return "new" }
        return tenths == 0 ? "unchanged" : tenths > 0 ? "up" : "down"
    }
}
