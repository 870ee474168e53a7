/// Conversions between UTC calendar text and epoch time, without Foundation's
/// calendars: reports must not depend on the machine's time zone or locale.
package enum Timestamp {
    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.mmmZ` into epoch milliseconds, or nil
    /// when the text is not of that form or not a real time.
    package static func parseMillis(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { parseMillis(UnsafeRawBufferPointer($0)) }
    }

    /// Byte form of `parseMillis(_:)` for the parser's hot path.
    package static func parseMillis(_ b: UnsafeRawBufferPointer) -> Int64? {
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
            b[19] == 0x2E, b[23] == 0x5A
        else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                let d = Int(b[i]) &- 0x30
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 2), let day = num(8, 2), let hour = num(11, 2),
            let minute = num(14, 2), let second = num(17, 2), let milli = num(20, 3)
        else { return nil }
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month), hour <= 23,
            minute <= 59, second <= 59
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000 + Int64(milli)
    }

    /// Parses `YYYY-MM-DD` into days since the epoch.
    package static func parseDay(_ text: String) -> Int? {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                let d = Int(u[i]) &- 0x30
                guard d >= 0, d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), m >= 1, m <= 12, d >= 1,
            d <= daysInMonth(year: y, month: m)
        else { return nil }
        return daysFromCivil(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds.
    package static func formatMillis(_ millis: Int64) -> String {
        let (secs, ms) = floorDivMod(millis, 1000)
        return formatSecondsBody(secs) + "." + pad(Int(ms), 3) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for epoch seconds (window bounds in reports).
    package static func formatSeconds(_ seconds: Int64) -> String {
        formatSecondsBody(seconds) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS` (no zone) for seconds as a local clock counts
    /// them since the epoch; the caller appends the offset.
    package static func formatLocalSeconds(_ seconds: Int64) -> String {
        formatSecondsBody(seconds)
    }

    /// `YYYY-MM-DD` for a day number.
    package static func formatDay(_ day: Int) -> String {
        let (y, m, d) = civilFromDays(day)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    private static func formatSecondsBody(_ seconds: Int64) -> String {
        let (days, rem) = floorDivMod(seconds, 86_400)
        let r = Int(rem)
        return formatDay(Int(days)) + "T" + pad(r / 3600, 2) + ":" + pad(r / 60 % 60, 2) + ":" + pad(r % 60, 2)
    }

    /// Quotient and remainder rounded toward negative infinity.
    package static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// A UTC hour, counted in hours since the Unix epoch.
package struct UTCHour: Sendable, Hashable, Comparable {
    /// Hours since 1970-01-01T00:00Z.
    package var index: Int64

    package init(index: Int64) { self.index = index }

    /// The hour that holds an instant.
    package init(epochMillis: Int64) { index = Timestamp.floorDivMod(epochMillis, 3_600_000).0 }

    /// The hour `hour` (0–23) of a day number.
    package init(day: Int, hour: Int) { index = Int64(day) * 24 + Int64(hour) }

    /// The day number that holds the hour.
    package var day: Int { Int(Timestamp.floorDivMod(index, 24).0) }
    /// 0–23.
    package var hourOfDay: Int { Int(Timestamp.floorDivMod(index, 24).1) }
    /// `YYYY-MM-DD`.
    package var dateString: String { Timestamp.formatDay(day) }
    /// `HH`.
    package var hourString: String { Timestamp.pad(hourOfDay, 2) }
    /// The hour's start in epoch seconds.
    package var startSeconds: Int64 { index * 3600 }

    package static func < (a: UTCHour, b: UTCHour) -> Bool { a.index < b.index }
}
