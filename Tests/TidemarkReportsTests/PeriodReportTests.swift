import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

/// Period reports merged from daily partials (SPEC §4.3), checked against
/// hand-made days and an independent computation from the raw events.
@Suite struct PeriodReportTests {
    /// `2026-11-01`.
    static let november = Timestamp.parseDay("2026-11-01") ?? 0

    /// `event` moved by `days` days.
    static func shifted(_ e: Event, days: Int) -> Event {
        var c = e
        c.epochMillis += Int64(days) * 86_400_000
        c.ts = Timestamp.formatMillis(c.epochMillis)
        return c
    }

    /// The daily report and partial of `segments` (each in line order) on `day`.
    static func partial(_ segments: [[Event]], day: Int, complete: Bool = true) throws -> (Report, DailyPartial) {
        var builder = DailyReportBuilder(site: E.site, day: day)
        for hour in builder.window.hours {
            let perSegment = segments.map { $0.filter { $0.hour == hour } }.filter { !$0.isEmpty }
            if !perSegment.isEmpty { try builder.addHour(hour, segments: perSegment) }
        }
        let n = segments.reduce(0) { $0 + $1.count }
        let r = builder.finishWithPartial(
            reader: ReaderCounts(segments: segments.count, eventsRead: n, invalidLines: 0), complete: complete)
        return (r.report, r.partial)
    }

    /// Events at `HH:MM:SS.mmm` of `day`.
    static func at(_ day: Int, _ time: String, id: UInt64, visitor: UInt64, path: String = "/") -> Event {
        let ts = Timestamp.formatDay(day) + "T" + time + "Z"
        return E.make(id: id, ts, visitor: visitor, path: path)
    }

    static func window(_ first: Int, _ last: Int, kind: ReportKind = .range) -> ReportWindow {
        .period(kind, site: E.site, firstDay: first, lastDay: last) { Int64($0) * 86_400 }
    }

    @Test func aPageFiftyFirstOnEveryDayWinsTheMonth() throws {
        var partials: [DailyPartial] = []
        var id: UInt64 = 0
        for d in 0..<30 {
            let day = Self.november + d
            var events: [Event] = []
            func views(_ path: String, _ n: Int) {
                for _ in 0..<n {
                    id += 1
                    events.append(Self.at(day, "10:00:00.000", id: id, visitor: id, path: path))
                }
            }
            for p in 0..<50 { views("/day\(d)/page\(p)", 10) }
            views("/steady", 9)
            let (daily, partial) = try Self.partial([events], day: day)
            #expect(daily.rows(.topPages).count == 50)
            #expect(!daily.rows(.topPages).contains { $0.key == "/steady" })
            #expect(partial.rows(.topPages).count == 51)
            partials.append(partial)
        }
        let month = try PeriodReport.merge(partials: partials, window: Self.window(Self.november, Self.november + 29, kind: .monthly))
        let top = month.rows(.topPages)
        #expect(top.first == TopRow(key: "/steady", counts: [270, 270]))
        #expect(top.count == 50)
        #expect(month.totals.pageviews == 30 * 509)
        #expect(month.window.identity == "monthly/site=example.com/month=2026-11")
    }

    @Test func visitDurationIsTotalOverVisitsNotAMeanOfMeans() throws {
        let a = Self.november
        let b = Self.november + 1
        // Day A: one visit of 100 s. Day B: three visits of 0 s.
        let dayA = [Self.at(a, "10:00:00.000", id: 1, visitor: 1), Self.at(a, "10:01:40.000", id: 2, visitor: 1)]
        let dayB = (0..<3).map { Self.at(b, "10:00:00.000", id: UInt64(10 + $0), visitor: UInt64(10 + $0)) }
        let (ra, pa) = try Self.partial([dayA], day: a)
        let (rb, pb) = try Self.partial([dayB], day: b)
        #expect(ra.totals.visitDurationAvgS.description == "100.0")
        #expect(rb.totals.visitDurationAvgS.description == "0.0")
        let r = try PeriodReport.merge(partials: [pb, pa], window: Self.window(a, b))
        #expect(r.totals.visits == 4)
        #expect(r.totals.visitDurationAvgS.description == "25.0")
        #expect(r.totals.bounces == 3)
        #expect(r.totals.bounceRate.description == "0.75")
    }

    @Test func visitorsAreTheSumOfDailyDistinctVisitorsAndSaySo() throws {
        var partials: [DailyPartial] = []
        for d in 0..<3 {
            let day = Self.november + d
            let events = [
                Self.at(day, "09:00:00.000", id: UInt64(d * 10 + 1), visitor: 7, path: "/a"),
                Self.at(day, "11:00:00.000", id: UInt64(d * 10 + 2), visitor: 7, path: "/a"),
            ]
            let (daily, p) = try Self.partial([events], day: day)
            #expect(daily.totals.visitors == 1)
            partials.append(p)
        }
        let r = try PeriodReport.merge(partials: partials, window: Self.window(Self.november, Self.november + 2))
        #expect(r.totals.visitors == 3)
        #expect(r.totals.visits == 6)
        #expect(r.rows(.topPages) == [TopRow(key: "/a", counts: [6, 3])])
        #expect(r.series.map(\.visitors) == [1, 1, 1])
        let json = ReportJSONWriter.string(r)
        #expect(json.contains("\"visitors_are\": \"daily_distinct_sum\"\n  },"))
        #expect(json.contains("\"kind\": \"range\""))
    }

    @Test(arguments: [true, false])
    func daysWithoutDataCountAsZeros(emptyDaysComplete: Bool) throws {
        let monday = PeriodCalendar.weekStart(containing: Self.november + 25)
        let (_, p) = try Self.partial([[Self.at(monday + 2, "12:00:00.000", id: 1, visitor: 1)]], day: monday + 2)
        let w = Self.window(monday, monday + 6, kind: .weekly)
        let r = try PeriodReport.merge(partials: [p], window: w) { _ in emptyDaysComplete }
        #expect(r.series.count == 7)
        #expect(r.series.map(\.pageviews) == [0, 0, 1, 0, 0, 0, 0])
        #expect(r.series.map(\.startSeconds) == (0..<7).map { Int64(monday + $0) * 86_400 })
        #expect(r.totals.pageviews == 1)
        #expect(r.complete == emptyDaysComplete)
        #expect(w.identity == "weekly/site=example.com/week=2026-W48")
    }

    @Test func periodHTMLChartsOneBarPerDayAndComparesWithThePreviousPeriod() throws {
        let monday = PeriodCalendar.weekStart(containing: Self.november + 25)
        var partials: [DailyPartial] = []
        for d in 0..<3 {
            let events = (0..<(d + 1)).map {
                Self.at(monday + d, "12:00:00.000", id: UInt64(d * 10 + $0 + 1), visitor: UInt64($0 + 1))
            }
            partials.append(try Self.partial([events], day: monday + d).1)
        }
        let week = try PeriodReport.merge(partials: partials, window: Self.window(monday, monday + 6, kind: .weekly))
        let previous = ReportTotals(pageviews: 3, visitors: 3, visits: 3, bounces: 3, bounceRate: .init(units: 10000, scale: 4))
        let html = ReportHTMLWriter.string(week, previous: previous)
        #expect(html.contains("Weekly traffic report"))
        #expect(html.contains("Traffic per day"))
        #expect(html.contains("Change against the previous 7 days"))
        #expect(html.components(separatedBy: "<rect class=\"pv\"").count - 1 == 7)
        #expect(html.contains(">23 Nov<"))
        #expect(html.contains("Bounce rate"))
        #expect(html.contains("▲ 100%"))
        let none = ReportHTMLWriter.string(week, previous: nil)
        #expect(none.contains("No previous 7 days to compare with"))
    }

    /// ISO weeks of Europe/Amsterdam with a DST change inside: spring
    /// forward (a 23-hour Sunday) and fall back (a 25-hour Sunday).
    @Test(arguments: [("2027-03-22", 23, "2027-03-22T00:00:00+01:00", "2027-03-29T00:00:00+02:00"),
                      ("2026-10-19", 25, "2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00")])
    func aWeekAcrossADSTChangeHasOneBucketPerLocalDay(monday: String, sundayHours: Int, start: String, end: String) throws {
        let zone = try #require(SiteZone(identifier: "Europe/Amsterdam"))
        let first = try #require(Timestamp.parseDay(monday))
        var partials: [DailyPartial] = []
        var id: UInt64 = 0
        for d in 0..<7 {
            var builder = DailyReportBuilder(site: E.site, day: first + d, zone: zone)
            let w = builder.window
            // One page view 10 minutes after local midnight and one 10 minutes before the next.
            var events: [Event] = []
            for millis in [w.startMillis + 600_000, w.endMillis - 600_000] {
                id += 1
                events.append(E.make(id: id, Timestamp.formatMillis(millis), visitor: id))
            }
            for hour in w.hours {
                let inHour = events.filter { $0.hour == hour }
                if !inHour.isEmpty { try builder.addHour(hour, segments: [inHour]) }
            }
            let p = builder.finishWithPartial(reader: ReaderCounts(segments: 1, eventsRead: 2, invalidLines: 0), complete: true).partial
            #expect(p.timeZone == "Europe/Amsterdam")
            #expect(p.endSeconds - p.startSeconds == (d == 6 ? Int64(sundayHours) * 3600 : 86_400))
            partials.append(p)
        }
        let week = ReportWindow.weekly(site: E.site, containing: first + 3, zone: zone, dayStart: zone.dayStart)
        let r = try PeriodReport.merge(partials: partials.shuffled(), window: week)
        #expect(week.zone.format(week.start) == start)
        #expect(week.zone.format(week.end) == end)
        #expect(r.series.count == 7)
        #expect(r.series.map(\.pageviews) == Array(repeating: 2, count: 7))
        #expect(r.series.map(\.startSeconds) == partials.map(\.startSeconds))
        #expect(r.series.map { zone.format(seconds: $0.startSeconds).dropFirst(10) }.allSatisfy { $0.hasPrefix("T00:00:00+0") })
        #expect(week.endSeconds - week.startSeconds == Int64(6 * 24 + sundayHours) * 3600)
        #expect(r.totals.pageviews == 14)
        #expect(r.complete)
    }

    @Test func anIncompleteDayMakesThePeriodIncomplete() throws {
        let (_, p1) = try Self.partial([[Self.at(Self.november, "12:00:00.000", id: 1, visitor: 1)]], day: Self.november)
        let (_, p2) = try Self.partial(
            [[Self.at(Self.november + 1, "12:00:00.000", id: 2, visitor: 1)]], day: Self.november + 1, complete: false)
        let r = try PeriodReport.merge(partials: [p1, p2], window: Self.window(Self.november, Self.november + 1))
        #expect(!r.complete)
    }

    @Test func partialsOfAnotherSiteDayOrTwiceAreRefused() throws {
        let (_, p) = try Self.partial([[Self.at(Self.november, "12:00:00.000", id: 1, visitor: 1)]], day: Self.november)
        let w = Self.window(Self.november + 1, Self.november + 2)
        #expect(throws: ReportError.self) { try PeriodReport.merge(partials: [p], window: w) }
        let w2 = Self.window(Self.november, Self.november + 2)
        #expect(throws: ReportError.self) { try PeriodReport.merge(partials: [p, p], window: w2) }
        var other = p
        other.site = "other.example"
        #expect(throws: ReportError.self) { try PeriodReport.merge(partials: [other], window: w2) }
    }

    @Test func aPartialRoundTripsThroughItsJSON() throws {
        let hours = TrafficGenerator.day(seed: 3, visitors: 300)
        let (report, p) = try Self.partial(hours.flatMap { $0 }, day: E.day)
        var stamped = p
        stamped.manifestSHA256 = String(repeating: "ab", count: 32)
        let back = try DailyPartial(json: stamped.jsonBytes, expected: .daily(site: E.site, day: E.day))
        #expect(back == stamped)
        // A one-day range is the day's report, but for its kind and series.
        let one = try PeriodReport.merge(partials: [back], window: Self.window(E.day, E.day))
        #expect(one.totals == report.totals)
        #expect(one.topLists == report.topLists)
        #expect(one.inputs == report.inputs)
    }

    @Test func aNewerPartialVersionIsRefusedSayingSo() throws {
        let (_, p) = try Self.partial([[Self.at(E.day, "12:00:00.000", id: 1, visitor: 1)]], day: E.day)
        let text = String(decoding: p.jsonBytes, as: UTF8.self).replacingOccurrences(
            of: "\"partial_version\":1", with: "\"partial_version\":2")
        do {
            _ = try DailyPartial(json: Array(text.utf8), expected: .daily(site: E.site, day: E.day))
            Issue.record("a version-2 partial was read")
        } catch {
            #expect(error.isPartialTooNew)
            #expect(error.description.contains("newer"))
            #expect(error.description.contains("upgrade"))
        }
    }

    @Test(arguments: [
        "{}", "[1]", "{\"partial_version\":\"1\"}",
        "{\"partial_version\":1,\"site\":\"example.com\",\"date\":\"2026-11-27\"}",
    ])
    func malformedPartialsAreRefused(text: String) throws {
        do {
            _ = try DailyPartial(json: Array(text.utf8), expected: .daily(site: E.site, day: E.day))
            Issue.record("\(text) was read")
        } catch {
            #expect(error.isPartialUnreadable)
        }
    }

    @Test func aMonthOfTrafficEqualsAnIndependentComputationFromRawEvents() throws {
        var partials: [DailyPartial] = []
        var raw: [[Event]] = []
        for d in 0..<30 {
            let hours = TrafficGenerator.day(seed: UInt64(100 + d), visitors: 120)
            let segments = hours.flatMap { $0 }.map { $0.map { Self.shifted($0, days: Self.november + d - E.day) } }
            partials.append(try Self.partial(segments, day: Self.november + d).1)
            raw.append(segments.flatMap { $0 })
        }
        let r = try PeriodReport.merge(
            partials: partials.reversed(), window: Self.window(Self.november, Self.november + 29, kind: .monthly))
        let expected = NaivePeriod(days: raw)
        #expect(r.totals.pageviews == expected.pageviews)
        #expect(r.totals.events == expected.events)
        #expect(r.totals.visitors == expected.visitors)
        #expect(r.totals.visits == expected.visits)
        #expect(r.totals.bounces == expected.bounces)
        #expect(r.totals.botEvents == expected.bots)
        #expect(r.totals.visitDurationAvgS.units == expected.durationTenths)
        #expect(r.table(.topPages) == expected.topPages)
        #expect(r.series.map(\.pageviews) == expected.dailyPageviews)
        #expect(r.complete)
    }
}

/// A period computed the slow, obvious way from raw events: per day, first
/// copy of each id wins (feed order), bots only counted, visits split at gaps
/// over 30 minutes in (`ts`, `id`) order; then sums over the days.
private struct NaivePeriod {
    var pageviews = 0
    var events = 0
    var visitors = 0
    var visits = 0
    var bounces = 0
    var bots = 0
    var durationMillis: Int64 = 0
    var dailyPageviews: [Int] = []
    var pages: [[UInt8]: (views: Int, visitors: Int)] = [:]

    init(days: [[Event]]) {
        for feed in days {
            var seen: Set<String> = []
            var kept: [Event] = []
            for e in feed where seen.insert(e.id).inserted {
                if e.device == .bot { bots += 1 } else { kept.append(e) }
            }
            let views = kept.filter { $0.type == .pageview }
            pageviews += views.count
            dailyPageviews.append(views.count)
            events += kept.count - views.count
            let byVisitor = Dictionary(grouping: kept, by: \.visitor)
            visitors += byVisitor.count
            for (_, list) in byVisitor {
                let sorted = list.sorted { ($0.epochMillis, $0.id) < ($1.epochMillis, $1.id) }
                var visit: [Event] = []
                func close() {
                    guard let first = visit.first, let last = visit.last else { return }
                    visits += 1
                    durationMillis += last.epochMillis - first.epochMillis
                    if visit.count == 1 && first.type == .pageview { bounces += 1 }
                }
                for e in sorted {
                    if let last = visit.last, e.epochMillis - last.epochMillis > 1_800_000 {
                        close()
                        visit = []
                    }
                    visit.append(e)
                }
                close()
            }
            var dayPages: [[UInt8]: Set<String>] = [:]
            for e in views {
                let key = Array(e.path.utf8)
                pages[key, default: (0, 0)].views += 1
                dayPages[key, default: []].insert(e.visitor)
            }
            for (key, vs) in dayPages { pages[key, default: (0, 0)].visitors += vs.count }
        }
    }

    /// visit_duration_avg_s in tenths, half away from zero.
    var durationTenths: Int64 {
        visits == 0 ? 0 : (2 * durationMillis + Int64(visits) * 100) / (Int64(visits) * 200)
    }

    /// `path pageviews visitors`, ranked, first 50.
    var topPages: [String] {
        pages.sorted { a, b in
            a.value.views != b.value.views ? a.value.views > b.value.views : a.key.lexicographicallyPrecedes(b.key)
        }.prefix(50).map { "\(String(decoding: $0.key, as: UTF8.self)) \($0.value.views) \($0.value.visitors)" }
    }
}
