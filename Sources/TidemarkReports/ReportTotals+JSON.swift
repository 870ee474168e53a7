import TidemarkCore

extension ReportTotals {
    /// The `totals` of a `report.json` (SPEC §4.2), as the HTML writer's
    /// `previous` wants them, equal to the totals the report was written
    /// from; nil when the bytes are not a version-1 or -2 report whose totals have
    /// every field as a non-negative number of its kind (integers for counts,
    /// at most 4 decimals for `bounce_rate` and 1 for `visit_duration_avg_s`).
    package init?(reportJSON: [UInt8]) {
        guard let doc = JSONValue.parse(reportJSON), case .number(let version)? = doc["report_version"],
            version == "1" || version == "2",
            let t = doc["totals"], case .object = t
        else { return nil }
        // The engine gives daily ratios fixed scales and hourly ones plain zeros.
        let daily: Bool
        if case .string("hourly")? = doc["window"]?["kind"] { daily = false } else { daily = true }
        func ratio(_ key: String, scale: Int) -> ReportDecimal? {
            guard case .number(let text)? = t[key], let d = Self.decimal(text, scale: scale) else { return nil }
            return !daily && d.units == 0 ? .zero : d
        }
        func count(_ key: String) -> Int? {
            guard case .number(let text)? = t[key], let d = Self.decimal(text, scale: 0) else { return nil }
            return Int(exactly: d.units)
        }
        guard let pageviews = count("pageviews"), let events = count("events"), let visitors = count("visitors"),
            let visits = count("visits"), let bounces = count("bounces"), let botEvents = count("bot_events"),
            let rate = ratio("bounce_rate", scale: 4), let duration = ratio("visit_duration_avg_s", scale: 1)
        else { return nil }
        self.init(
            pageviews: pageviews, events: events, visitors: visitors, visits: visits, bounces: bounces,
            bounceRate: rate, visitDurationAvgS: duration, botEvents: botEvents)
    }

    /// `12`, `0.2857` or `677.1` as an exact decimal of `scale` digits
    /// after the point (`0.5` at scale 4 is 5000 units); nil for a negative
    /// number, an exponent or more digits than `scale` (trailing zeros aside).
    private static func decimal(_ text: String, scale: Int) -> ReportDecimal? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 15,
            whole.allSatisfy(\.isASCIIDigit)
        else { return nil }
        var fraction = parts.count == 2 ? Substring(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction = fraction.dropLast() }
        guard fraction.count <= scale, fraction.allSatisfy(\.isASCIIDigit), let w = Int64(whole) else { return nil }
        let f = (Int64(fraction) ?? 0) * HTMLText.power10(scale - fraction.count)
        return ReportDecimal(units: w * HTMLText.power10(scale) + f, scale: scale)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
