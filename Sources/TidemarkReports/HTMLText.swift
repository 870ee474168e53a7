import TidemarkCore

/// Text helpers for `report.html`. Everything here is integer arithmetic on
/// the report's values, so the page is the same on every machine.
enum HTMLText {
    /// `s` with `& < > " '` escaped, safe in text and quoted attributes.
    static func escaped(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// An integer with grouping commas: `12,345`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }

    /// `1 segment`, `2,000 segments`.
    static func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        grouped(n) + " " + (n == 1 ? singular : plural ?? singular + "s")
    }

    /// A ratio as a percentage to one decimal: 0.125 → `12.5%`.
    static func percent(_ ratio: ReportDecimal) -> String {
        // ratio.units / 10^scale * 100 in tenths of a percent.
        let tenths = Rounding.divideHalfAwayFromZero(ratio.units * 1000, power10(ratio.scale))
        return ReportDecimal(units: tenths, scale: 1).description + "%"
    }

    /// Tenths of a percent as CSS: 632 → `63.2%`.
    static func cssPercent(tenths: Int64) -> String {
        let t = min(max(tenths, 0), 1000)
        return t % 10 == 0 ? String(t / 10) + "%" : ReportDecimal(units: t, scale: 1).description + "%"
    }

    /// `part / whole` in tenths of a percent, rounded; 0 when `whole` is 0.
    static func tenthsOfPercent(_ part: Int, of whole: Int) -> Int64 {
        Rounding.divideHalfAwayFromZero(Int64(part) * 1000, Int64(whole))
    }

    /// A duration in whole seconds for people: `0s`, `45s`, `11m 17s`, `2h 05m`.
    static func duration(_ seconds: ReportDecimal) -> String {
        let s = Int(Rounding.divideHalfAwayFromZero(seconds.units, power10(seconds.scale)))
        if s < 60 { return String(s) + "s" }
        if s < 3600 { return String(s / 60) + "m " + two(s % 60) + "s" }
        return String(s / 3600) + "h " + two(s / 60 % 60) + "m"
    }

    /// `Thursday 26 November 2026` for a day number.
    static func longDate(_ day: Int) -> String {
        let parts = Timestamp.formatDay(day).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return Timestamp.formatDay(day) }
        // 1970-01-01 was a Thursday.
        let weekday = ((day % 7) + 7 + 4) % 7
        return weekdays[weekday] + " " + String(parts[2]) + " " + months[parts[1] - 1] + " " + String(parts[0])
    }

    /// `26 Nov` for a day number.
    static func shortDate(_ day: Int) -> String {
        let parts = Timestamp.formatDay(day).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return Timestamp.formatDay(day) }
        return String(parts[2]) + " " + months[parts[1] - 1].prefix(3)
    }

    /// `10:05` for epoch seconds.
    static func clock(_ seconds: Int64) -> String {
        String(Timestamp.formatSeconds(seconds).dropFirst(11).prefix(5))
    }

    /// `7` → `07`.
    private static func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    /// 10^`n`.
    static func power10(_ n: Int) -> Int64 {
        var p: Int64 = 1
        for _ in 0..<max(0, n) { p *= 10 }
        return p
    }

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
}
