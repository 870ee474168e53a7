import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct InvariantTests {
    static func dailyReport(_ hours: [[[Event]]]) throws -> Report {
        var builder = DailyReportBuilder(site: E.site, day: E.day)
        for (h, segments) in hours.enumerated() where !segments.isEmpty {
            try builder.addHour(UTCHour(day: E.day, hour: h), segments: segments)
        }
        let read = hours.joined().reduce(0) { $0 + $1.count }
        return builder.finish(
            reader: ReaderCounts(segments: hours.joined().count, eventsRead: read, invalidLines: 0), complete: true)
    }

    static func hourlyReport(_ hours: [[[Event]]], _ h: Int) throws -> Report {
        try HourlyReportBuilder.build(
            window: .hourly(site: E.site, hour: UTCHour(day: E.day, hour: h)), segments: hours[h],
            lookback: h > 0 ? hours[h - 1] : [],
            reader: ReaderCounts(segments: hours[h].count, eventsRead: hours[h].reduce(0) { $0 + $1.count }, invalidLines: 0),
            complete: true)
    }

    @Test(arguments: [1, 2, 3, 42] as [UInt64])
    func hourlyReportsAddUpToTheDailyReport(_ seed: UInt64) throws {
        let hours = TrafficGenerator.day(seed: seed, visitors: 400)
        let daily = try Self.dailyReport(hours)
        #expect(daily.totals.visits > 400)
        var visits = 0
        var pageviews = 0
        var events = 0
        var bots = 0
        var duplicates = 0
        for h in 0..<24 {
            let hourly = try Self.hourlyReport(hours, h)
            visits += hourly.totals.visits
            pageviews += hourly.totals.pageviews
            events += hourly.totals.events
            bots += hourly.totals.botEvents
            duplicates += hourly.inputs.duplicatesDropped
            #expect(hourly.totals.visits == daily.series[h].visits, "hour \(h) visits")
            #expect(hourly.totals.pageviews == daily.series[h].pageviews, "hour \(h) pageviews")
            #expect(hourly.totals.visitors == daily.series[h].visitors, "hour \(h) visitors")
            #expect(hourly.series.reduce(0) { $0 + $1.visits } == hourly.totals.visits)
        }
        #expect(visits == daily.totals.visits)
        #expect(pageviews == daily.totals.pageviews)
        #expect(events == daily.totals.events)
        #expect(bots == daily.totals.botEvents)
        #expect(duplicates == daily.inputs.duplicatesDropped)
        #expect(daily.series.reduce(0) { $0 + $1.visits } == daily.totals.visits)
    }

    @Test(arguments: [7, 8] as [UInt64])
    func dailyTotalsMatchABruteForceOracle(_ seed: UInt64) throws {
        let hours = TrafficGenerator.day(seed: seed, visitors: 300)
        let daily = try Self.dailyReport(hours)
        let oracle = Oracle(hours.joined().joined().map { $0 })
        #expect(daily.totals.pageviews == oracle.pageviews)
        #expect(daily.totals.events == oracle.events)
        #expect(daily.totals.visitors == oracle.visitors)
        #expect(daily.totals.visits == oracle.visits)
        #expect(daily.totals.bounces == oracle.bounces)
        #expect(daily.totals.botEvents == oracle.bots)
        #expect(daily.totals.visitDurationAvgS == Rounding.ratio(oracle.durationMillis, Int64(oracle.visits) * 1000, decimals: 1))
        #expect(daily.inputs.duplicatesDropped == oracle.duplicates)
        #expect(daily.table(.topPages) == oracle.topPages)
    }

    @Test func rebuildingGivesIdenticalBytes() throws {
        let hours = TrafficGenerator.day(seed: 5, visitors: 200)
        let a = try Self.dailyReport(hours)
        let b = try Self.dailyReport(hours)
        // Same events fed as one concatenated segment per hour: same report.
        let c = try Self.dailyReport(hours.map { $0.isEmpty ? [] : [$0.flatMap { $0 }] })
        #expect(ReportJSONWriter.bytes(a) == ReportJSONWriter.bytes(b))
        #expect(ReportCSVWriter.bytes(a) == ReportCSVWriter.bytes(b))
        #expect(ReportHTMLWriter.bytes(a) == ReportHTMLWriter.bytes(b))
        #expect(a.totals == c.totals && a.topLists == c.topLists && a.series == c.series)
    }
}

/// A slow, obvious implementation of SPEC §4.1 for daily totals.
private struct Oracle {
    var pageviews = 0, events = 0, visitors = 0, visits = 0, bounces = 0, bots = 0, duplicates = 0
    var durationMillis: Int64 = 0
    var topPages: [String] = []

    init(_ feed: [Event]) {
        var seen = Set<String>()
        var kept: [Event] = []
        for e in feed {
            guard seen.insert(e.id).inserted else {
                duplicates += 1
                continue
            }
            if e.device == .bot { bots += 1 } else { kept.append(e) }
        }
        pageviews = kept.filter { $0.type == .pageview }.count
        events = kept.count - pageviews
        let byVisitor = Dictionary(grouping: kept, by: \.visitor)
        visitors = byVisitor.count
        for (_, list) in byVisitor {
            let sorted = list.sorted { ($0.epochMillis, $0.id) < ($1.epochMillis, $1.id) }
            var visit: [Event] = []
            func close() {
                guard let first = visit.first, let last = visit.last else { return }
                visits += 1
                if visit.count == 1 && first.type == .pageview { bounces += 1 }
                durationMillis += last.epochMillis - first.epochMillis
            }
            for e in sorted {
                if let last = visit.last, e.epochMillis - last.epochMillis <= 1_800_000 {
                    visit.append(e)
                } else {
                    close()
                    visit = [e]
                }
            }
            close()
        }
        var views: [[UInt8]: (Int, Set<String>)] = [:]
        for e in kept where e.type == .pageview {
            views[Array(e.path.utf8), default: (0, [])].0 += 1
            views[Array(e.path.utf8), default: (0, [])].1.insert(e.visitor)
        }
        topPages = views.sorted { a, b in
            a.value.0 != b.value.0 ? a.value.0 > b.value.0 : a.key.lexicographicallyPrecedes(b.key)
        }.prefix(50).map { "\(String(decoding: $0.key, as: UTF8.self)) \($0.value.0) \($0.value.1.count)" }
    }
}
