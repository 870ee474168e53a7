import TidemarkCore
import TidemarkReports

/// Short-hand for building events and windows in tests.
enum TestEvents {
    /// The test day, 2026-11-26, as days since the epoch.
    static let day = Timestamp.parseDay("2026-11-26") ?? 0
    /// The site every test event belongs to.
    static let site = "example.com"

    /// `n` as `count` lowercase hex digits.
    static func hex(_ n: UInt64, count: Int) -> String {
        let s = String(n, radix: 16)
        return String(repeating: "0", count: max(0, count - s.count)) + s
    }

    /// An event at `time` (`HH:MM:SS.mmm` on the test day, or a full `ts`).
    static func make(
        id: UInt64, _ time: String, visitor: UInt64 = 1, type: EventKind = .pageview, name: String = "",
        path: String = "/", ref: String = "", utmSource: String = "", utmMedium: String = "", utmCampaign: String = "",
        country: String = "", browser: String = "", os: String = "", device: Device = .desktop, idHigh: UInt64 = 0
    ) -> Event {
        let ts = time.count == 24 ? time : "2026-11-26T" + time + "Z"
        return Event(
            id: hex(idHigh, count: 16) + hex(id, count: 16), ts: ts, epochMillis: Timestamp.parseMillis(ts) ?? -1,
            site: site, type: type, name: type == .event && name.isEmpty ? "signup" : name, path: path,
            refHost: ref, utmSource: utmSource, utmMedium: utmMedium, utmCampaign: utmCampaign,
            visitor: hex(visitor, count: 16), country: country, browser: browser, os: os, device: device)
    }

    /// The daily report of `events`, grouped by hour in feed order.
    static func daily(_ segments: [[Event]], complete: Bool = true) throws -> Report {
        var builder = DailyReportBuilder(site: site, day: day)
        let all = segments.flatMap { $0 }
        for hour in builder.window.hours {
            let perSegment = segments.map { $0.filter { $0.hour == hour } }.filter { !$0.isEmpty }
            if !perSegment.isEmpty { try builder.addHour(hour, segments: perSegment) }
        }
        return builder.finish(
            reader: ReaderCounts(segments: segments.count, eventsRead: all.count, invalidLines: 0), complete: complete)
    }

    /// The daily report of one segment.
    static func daily(_ events: [Event]) throws -> Report { try daily([events]) }

    /// The hourly report of hour `hh` of the test day.
    static func hourly(_ hh: Int, _ events: [Event], lookback: [Event] = []) throws -> Report {
        try HourlyReportBuilder.build(
            site: site, hour: UTCHour(day: day, hour: hh), events: events, lookback: lookback,
            reader: ReaderCounts(segments: 1, eventsRead: events.count, invalidLines: 0), complete: true)
    }
}

extension Report {
    /// `key → counts` of one list, in rank order, for compact expectations.
    func table(_ kind: TopListKind) -> [String] {
        rows(kind).map { ([$0.key] + $0.counts.map { String($0) }).joined(separator: " ") }
    }
}
