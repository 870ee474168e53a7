import Testing
import TidemarkCore
import TidemarkReports

/// One manifest of every stored kind (hourly, daily, weekly, monthly,
/// range), in UTC and in zones with DST and non-whole-hour offsets; each
/// case's bytes are pinned in `Fixtures/manifests/{name}.json`.
enum ManifestCases {
    /// A named manifest (of one format or the other) and the text its writer gives.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var report: ReportManifest?
        var period: PeriodManifest?
        var text: String { report?.jsonString ?? period?.jsonString ?? "" }
        var testDescription: String { name }
    }

    static let day = Timestamp.parseDay("2026-10-25") ?? 0

    static func segment(_ hour: Int, _ n: Int, day: Int = day, site: String = "example.com") -> ManifestSegment {
        let sha = String(repeating: String(n, radix: 16), count: 64)
        let key = SegmentKey(
            prefix: "tm", site: site, hour: UTCHour(day: day, hour: hour), segmentID: "c1-\(n)-" + sha.prefix(16)
        ).key
        return ManifestSegment(key: key, sha256: sha)
    }

    static func partial(_ date: Int, _ n: Int, site: String = "example.com") -> ManifestSegment {
        ManifestSegment(
            key: "tm/reports/daily/site=\(site)/date=\(Timestamp.formatDay(date))/partial.json.gz",
            sha256: String(repeating: String(n, radix: 16), count: 64))
    }

    static var all: [Case] {
        let amsterdam = SiteZone(identifier: "Europe/Amsterdam") ?? .utc
        let kathmandu = SiteZone(identifier: "Asia/Kathmandu") ?? .utc
        let nov = Timestamp.parseDay("2026-11-01") ?? 0
        return [
            Case(
                name: "hourly-utc-lookback",
                report: ReportManifest(
                    window: .hourly(site: "example.com", hour: UTCHour(day: day, hour: 10)),
                    segments: [segment(10, 2), segment(10, 1)], lookback: [segment(9, 3)], complete: false)),
            Case(
                name: "hourly-kathmandu",
                report: ReportManifest(
                    window: .hourly(site: "shop.example.com", containing: Int64(day) * 86_400 + 3 * 3600, zone: kathmandu),
                    segments: [segment(3, 4, site: "shop.example.com")],
                    lookback: [segment(2, 5, site: "shop.example.com")])),
            Case(
                name: "daily-amsterdam-fallback",
                report: ReportManifest(
                    window: .daily(site: "shop.example.com", day: day, zone: amsterdam),
                    segments: [segment(23, 6, day: day - 1, site: "shop.example.com"), segment(0, 7, site: "shop.example.com")])),
            Case(name: "daily-empty", report: ReportManifest(window: .daily(site: "example.com", day: day), segments: [])),
            Case(
                name: "weekly-amsterdam",
                period: PeriodManifest(
                    window: .weekly(site: "shop.example.com", containing: day, zone: amsterdam, dayStart: amsterdam.dayStart),
                    complete: true, partials: [partial(day, 8, site: "shop.example.com"), partial(day - 2, 9, site: "shop.example.com")])),
            Case(
                name: "monthly-empty",
                period: PeriodManifest(
                    window: .monthly(site: "example.com", containing: nov, dayStart: SiteZone.utc.dayStart),
                    complete: false, partials: [])),
            Case(
                name: "range",
                period: PeriodManifest(
                    window: .period(.range, site: "example.com", firstDay: nov, lastDay: nov + 2, dayStart: SiteZone.utc.dayStart),
                    complete: true, partials: [partial(nov + 1, 10)])),
        ]
    }
}
