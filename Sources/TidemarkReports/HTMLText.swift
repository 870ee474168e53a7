/// Text helpers for `report.html`.
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

    /// An integer with thin grouping commas: `12,345`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }

    /// A 4-decimal ratio as a percentage to one decimal: 0.125 → `12.5%`.
    static func percent(_ ratio: ReportDecimal) -> String {
        // ratio.units / 10^scale * 100 in tenths of a percent.
        var divisor: Int64 = 1
        for _ in 0..<ratio.scale { divisor *= 10 }
        let tenths = Rounding.divideHalfAwayFromZero(ratio.units * 1000, divisor)
        return ReportDecimal(units: tenths, scale: 1).description + "%"
    }
}
