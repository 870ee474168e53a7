import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct VisitRuleTests {
    /// Second event's time after a first at 10:00:00.000, and the visits expected.
    @Test(arguments: [
        ("10:30:00.000", 1),  // exactly 1800 s: same visit
        ("10:30:00.001", 2),  // 1800.001 s
        ("10:30:01.000", 2),  // 1801 s
        ("10:29:59.999", 1),
        ("11:10:00.000", 2),  // across an hour boundary
    ])
    func gapOf1800SecondsKeepsTheVisit(_ second: String, _ visits: Int) throws {
        let r = try E.daily([E.make(id: 1, "10:00:00.000"), E.make(id: 2, second)])
        #expect(r.totals.visits == visits)
        #expect(r.totals.visitors == 1)
        #expect(r.series.reduce(0) { $0 + $1.visits } == visits)
    }

    @Test func visitsNeverCrossMidnight() throws {
        // The daily report of the 27th starts a visit at 00:00, however recent
        // the visitor's last event of the 26th.
        var next = DailyReportBuilder(site: E.site, day: E.day + 1)
        let hour0 = UTCHour(day: E.day + 1, hour: 0)
        let late = E.make(id: 1, "2026-11-26T23:59:59.999Z")
        let early = E.make(id: 2, "2026-11-27T00:00:00.000Z", path: "/morning")
        // A stray event of the day before inside hour 00's segment counts nowhere.
        try next.addHour(hour0, events: [late, early])
        let r = next.finish(reader: ReaderCounts(segments: 1, eventsRead: 2, invalidLines: 0), complete: true)
        #expect(r.totals.visits == 1)
        #expect(r.totals.pageviews == 1)
        #expect(r.table(.entryPages) == ["/morning 1"])
        #expect(r.totals.visitDurationAvgS.description == "0.0")

        // And the 26th's last visit ends at midnight: 23:59:59.999 is its own visit.
        let day = try E.daily([E.make(id: 3, "23:40:00.000"), late])
        #expect(day.totals.visits == 1)
        #expect(day.totals.visitDurationAvgS.description == "1200.0")
    }

    @Test func eventsAreOrderedByTimeThenIdAcrossSegments() throws {
        // Feed order is not time order: the engine sorts each hour by (ts, id).
        let r = try E.daily([
            [E.make(id: 3, "10:59:00.000", path: "/last")],
            [E.make(id: 1, "10:00:00.000", path: "/first"), E.make(id: 2, "10:29:00.000", path: "/mid")],
        ])
        #expect(r.totals.visits == 1)
        #expect(r.totals.visitDurationAvgS.description == "3540.0")
        #expect(r.table(.entryPages) == ["/first 1"])
        #expect(r.table(.exitPages) == ["/last 1"])
    }

    @Test func equalTimestampsAreOrderedById() throws {
        let r = try E.daily([
            E.make(id: 0x0c, "10:05:00.000", path: "/second", ref: "bing.com", utmSource: "bing"),
            E.make(id: 0x0b, "10:05:00.000", path: "/first", ref: "google.com"),
        ])
        #expect(r.table(.entryPages) == ["/first 1"])
        #expect(r.table(.exitPages) == ["/second 1"])
        #expect(r.table(.referrers) == ["google.com 1"])
        #expect(r.table(.utmSources) == [])
    }

    @Test func bouncesAndCustomEventOnlyVisits() throws {
        let r = try E.daily([
            E.make(id: 1, "10:00:00.000", visitor: 1, path: "/"),  // bounce
            E.make(id: 2, "10:00:00.000", visitor: 2, type: .event, name: "signup", path: "/x"),  // custom only
            E.make(id: 3, "10:00:00.000", visitor: 3, path: "/a"),
            E.make(id: 4, "10:10:00.000", visitor: 3, type: .event, name: "click", path: "/a"),
            E.make(id: 5, "10:20:00.000", visitor: 3, path: "/b"),
            E.make(id: 6, "11:00:00.000", visitor: 4, path: "/p"),
            E.make(id: 7, "11:01:00.000", visitor: 4, type: .event, name: "click", path: "/p"),  // pageview + event
        ])
        #expect(r.totals.visits == 4)
        #expect(r.totals.bounces == 1)
        #expect(r.totals.bounceRate.description == "0.25")
        // (0 + 0 + 1200 + 60) / 4 = 315 s
        #expect(r.totals.visitDurationAvgS.description == "315.0")
        #expect(r.table(.entryPages) == ["/ 1", "/a 1", "/p 1"])
        #expect(r.table(.exitPages) == ["/ 1", "/b 1", "/p 1"])
        #expect(r.table(.customEvents) == ["click 2 2", "signup 1 1"])
        #expect(r.totals.events == 3)
        #expect(r.totals.pageviews == 4)
    }

    @Test func visitAttributesComeFromTheFirstEvent() throws {
        let r = try E.daily([
            E.make(id: 1, "10:00:00.000", ref: "", utmSource: "news"),
            E.make(id: 2, "10:05:00.000", ref: "google.com", utmSource: "ignored", utmMedium: "ignored"),
            E.make(id: 3, "10:40:00.000", ref: "google.com", utmMedium: "cpc"),
        ])
        #expect(r.totals.visits == 2)
        #expect(r.table(.referrers) == ["(direct) 1", "google.com 1"])
        #expect(r.table(.utmSources) == ["news 1"])
        #expect(r.table(.utmMediums) == ["cpc 1"])
        #expect(r.table(.utmCampaigns) == [])
    }

    @Test func dimensionsCountDistinctVisitorsAndLeaveOutEmptyValues() throws {
        let r = try E.daily([
            E.make(id: 1, "10:00:00.000", visitor: 1, country: "NL", browser: "Firefox", os: "Linux"),
            E.make(id: 2, "10:01:00.000", visitor: 1, country: "DE", browser: "Firefox", os: "Linux"),
            E.make(id: 3, "10:02:00.000", visitor: 1, country: "NL", browser: "Firefox", os: "Linux"),
            E.make(id: 4, "10:03:00.000", visitor: 2, country: "NL", browser: "", os: "", device: .mobile),
            E.make(id: 5, "10:04:00.000", visitor: 3, country: "", browser: "Chrome", os: "Windows", device: .mobile),
        ])
        #expect(r.table(.countries) == ["NL 2", "DE 1"])
        #expect(r.table(.browsers) == ["Chrome 1", "Firefox 1"])
        #expect(r.table(.os) == ["Linux 1", "Windows 1"])
        #expect(r.table(.devices) == ["mobile 2", "desktop 1"])
    }

    @Test func topPagesCountPageviewsAndDistinctVisitors() throws {
        let r = try E.daily([
            E.make(id: 1, "10:00:00.000", visitor: 1, path: "/a"),
            E.make(id: 2, "10:01:00.000", visitor: 1, path: "/a"),
            E.make(id: 3, "10:02:00.000", visitor: 1, path: "/b"),
            E.make(id: 4, "10:03:00.000", visitor: 1, path: "/a"),
            E.make(id: 5, "10:04:00.000", visitor: 2, path: "/a"),
            E.make(id: 6, "10:05:00.000", visitor: 2, type: .event, path: "/c"),
        ])
        #expect(r.table(.topPages) == ["/a 4 2", "/b 1 1"])
    }

    @Test func seriesBucketsCountVisitorsOncePerBucketAndVisitsWhereTheyStart() throws {
        let r = try E.daily([
            E.make(id: 1, "09:50:00.000", visitor: 1),
            E.make(id: 2, "10:10:00.000", visitor: 1),
            E.make(id: 3, "10:20:00.000", visitor: 1),
            E.make(id: 4, "10:30:00.000", visitor: 2, type: .event),
        ])
        #expect(r.series.count == 24)
        #expect(r.series[9] == SeriesBucket(startSeconds: r.window.startSeconds + 9 * 3600, pageviews: 1, visitors: 1, visits: 1))
        #expect(r.series[10] == SeriesBucket(startSeconds: r.window.startSeconds + 10 * 3600, pageviews: 2, visitors: 2, visits: 1))
        #expect(r.series.enumerated().allSatisfy { $0.offset == 9 || $0.offset == 10 || $0.element.pageviews == 0 })
    }
}
