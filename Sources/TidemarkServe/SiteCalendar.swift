import Foundation

/// Local dates of a site's time zone (SPEC §3.1), with the time passed in.
package enum SiteCalendar {
    /// The local date (days since 1970-01-01) at `nowSeconds` in the zone
    /// named `timeZone` (an IANA name or `UTC`); nil for an unknown zone.
    package static func day(atSeconds nowSeconds: Int64, timeZone: String) -> Int? {
        guard let zone = timeZone == "UTC" ? TimeZone(secondsFromGMT: 0) : TimeZone(identifier: timeZone) else {
            return nil
        }
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(nowSeconds))))
        let local = nowSeconds + offset
        return Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }
}
