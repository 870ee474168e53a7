import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

/// The report engine on local days (SPEC §3.1, §4.1): hourly reports of a
/// day's clock hours add up to its daily report, every partition's `inputs`
/// are counted by exactly one window, and visits end at local midnight.
@Suite struct LocalDayInvariantTests {
    /// Events every 7-23 minutes from 30 h before to 30 h after UTC midnight
    /// of `date`, 30 visitors, one partition (UTC hour) per segment.
    static func partitions(_ date: String) -> [UTCHour: [Event]] {
        let midnight = (Timestamp.parseDay(date) ?? 0) * 86_400
        var out: [UTCHour: [Event]] = [:]
        var t = Int64(midnight - 30 * 3600) * 1000
        var id: UInt64 = 0
        var rng: UInt64 = 12_345
        while t < Int64(midnight + 30 * 3600) * 1000 {
            id += 1
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let e = E.make(id: id, Timestamp.formatMillis(t), visitor: (rng >> 33) % 30, path: "/p\(id % 4)")
            out[UTCHour(epochMillis: t), default: []].append(e)
            t += Int64(420_000 + Int((rng >> 20) % 960_000))
        }
        return out
    }

    static func reader(_ window: ReportWindow, _ parts: [UTCHour: [Event]]) -> ReaderCounts {
        let owned = window.ownedHours.compactMap { parts[$0] }
        return ReaderCounts(segments: owned.count, eventsRead: owned.reduce(0) { $0 + $1.count }, invalidLines: 0)
    }

    @Test(arguments: [
        ("Europe/Amsterdam", "2026-10-25", 25), ("Europe/Amsterdam", "2026-03-29", 23),
        ("Asia/Kathmandu", "2026-11-26", 24), ("America/Santiago", "2026-09-06", 23),
        ("Pacific/Chatham", "2026-04-05", 25), ("Asia/Kolkata", "2026-11-26", 24),
    ])
    func hourlyReportsAddUpToTheLocalDay(_ zoneName: String, _ date: String, _ hours: Int) throws {
        let zone = try #require(SiteZone(identifier: zoneName))
        let day = try #require(Timestamp.parseDay(date))
        let parts = Self.partitions(date)
        var builder = DailyReportBuilder(site: E.site, day: day, zone: zone)
        for h in builder.window.hours { if let p = parts[h] { try builder.addHour(h, segments: [p]) } }
        let daily = builder.finish(reader: Self.reader(builder.window, parts), complete: true)
        #expect(daily.series.count == hours)

        let clock = ReportWindow.clockHours(site: E.site, day: day, zone: zone)
        #expect(clock.count == hours)
        #expect(Set(clock.map(\.identity)).count == hours)
        var visits = 0
        var pageviews = 0
        var segments = 0
        var read = 0
        for (i, w) in clock.enumerated() {
            var hourly = HourlyReportBuilder(window: w)
            for h in w.readHours { if let p = parts[h] { try hourly.addHour(h, events: p) } }
            let r = hourly.finish(reader: Self.reader(w, parts), complete: true)
            #expect(r.totals.visits == daily.series[i].visits, "clock hour \(i)")
            #expect(r.totals.pageviews == daily.series[i].pageviews, "clock hour \(i)")
            #expect(r.totals.visitors == daily.series[i].visitors, "clock hour \(i)")
            visits += r.totals.visits
            pageviews += r.totals.pageviews
            segments += r.inputs.segments
            read += r.inputs.eventsRead
        }
        #expect(visits == daily.totals.visits)
        #expect(pageviews == daily.totals.pageviews)
        #expect(segments == daily.inputs.segments)
        #expect(read == daily.inputs.eventsRead)
        #expect(daily.inputs.duplicatesDropped == 0)
    }

    @Test func visitsEndAtLocalMidnightAndAVisitorOnTwoUTCDatesIsOne() throws {
        // Kathmandu's 26 November starts at 18:15Z on the 25th, inside partition 18.
        let zone = try #require(SiteZone(identifier: "Asia/Kathmandu"))
        let day = try #require(Timestamp.parseDay("2026-11-26"))
        // a and b: 10 minutes apart, on both sides of local midnight. c and d: one
        // visitor on both UTC dates of the local day.
        let a = E.make(id: 1, "2026-11-25T18:10:00.000Z", visitor: 1)
        let b = E.make(id: 2, "2026-11-25T18:20:00.000Z", visitor: 1)
        let c = E.make(id: 3, "2026-11-25T18:30:00.000Z", visitor: 2)
        let d = E.make(id: 4, "2026-11-26T12:00:00.000Z", visitor: 2)
        let p18 = UTCHour(epochMillis: a.epochMillis)
        var builder = DailyReportBuilder(site: E.site, day: day, zone: zone)
        try builder.addHour(p18, events: [a, b, c])
        try builder.addHour(UTCHour(epochMillis: d.epochMillis), events: [d])
        // Partition 18 of the 25th belongs to the day before: only d's counts.
        let r = builder.finish(reader: ReaderCounts(segments: 1, eventsRead: 1, invalidLines: 0), complete: true)
        #expect(r.totals.pageviews == 3)
        #expect(r.totals.visitors == 2)
        #expect(r.totals.visits == 3)
        #expect(r.series[0].visits == 2)
        #expect(r.inputs.duplicatesDropped == 0)
        #expect(zone.format(r.series[0].start) == "2026-11-26T00:00:00+05:45")
        // The first clock hour has no lookback: b starts a visit although a was 10 minutes earlier.
        let first = ReportWindow.clockHours(site: E.site, day: day, zone: zone)[0]
        #expect(first.lookbackHours.isEmpty && first.readHours == [p18, UTCHour(index: p18.index + 1)])
        var hourly = HourlyReportBuilder(window: first)
        try hourly.addHour(p18, events: [a, b, c])
        #expect(hourly.finish(reader: ReaderCounts(segments: 0, eventsRead: 0, invalidLines: 0), complete: true).totals.visits == 2)
        // …and the day before ends with a's visit alone.
        var before = DailyReportBuilder(site: E.site, day: day - 1, zone: zone)
        try before.addHour(p18, events: [a, b, c])
        let y = before.finish(reader: ReaderCounts(segments: 1, eventsRead: 3, invalidLines: 0), complete: true)
        #expect(y.totals.visits == 1 && y.totals.pageviews == 1)
        #expect(y.inputs.duplicatesDropped == 0)
    }
}
