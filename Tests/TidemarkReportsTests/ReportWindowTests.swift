import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct ReportWindowTests {
    @Test(arguments: [
        ("", ReportKind.daily, 0, ReportFile.json, "reports/daily/site=example.com/date=2026-11-26/report.json"),
        ("tm", .daily, 0, .manifest, "tm/reports/daily/site=example.com/date=2026-11-26/manifest.json"),
        ("tm", .hourly, 7, .csv, "tm/reports/hourly/site=example.com/date=2026-11-26/hour=07/report.csv"),
        ("a/b", .hourly, 23, .html, "a/b/reports/hourly/site=example.com/date=2026-11-26/hour=23/report.html"),
    ])
    func storageKeys(_ prefix: String, _ kind: ReportKind, _ hour: Int, _ file: ReportFile, _ key: String) {
        let w = ReportWindow(kind: kind, site: "example.com", startHour: UTCHour(day: E.day, hour: hour))
        #expect(w.key(prefix: prefix, file: file) == key)
    }

    @Test func windowBounds() {
        let d = ReportWindow(kind: .daily, site: "s.example", startHour: UTCHour(day: E.day, hour: 13))
        #expect(d.startHour.hourOfDay == 0)
        #expect(Timestamp.formatSeconds(d.startSeconds) == "2026-11-26T00:00:00Z")
        #expect(Timestamp.formatSeconds(d.endSeconds) == "2026-11-27T00:00:00Z")
        #expect(d.hours.count == 24)
        #expect(d.identity == "daily/site=s.example/date=2026-11-26")
        let h = ReportWindow.hourly(site: "s.example", hour: UTCHour(day: E.day, hour: 23))
        #expect(Timestamp.formatSeconds(h.endSeconds) == "2026-11-27T00:00:00Z")
        #expect(h.identity == "hourly/site=s.example/date=2026-11-26/hour=23")
        #expect(d < h)
    }

    @Test func builderRejectsHoursOutOfOrderOrOutsideTheDay() throws {
        var b = DailyReportBuilder(site: E.site, day: E.day)
        try b.addHour(UTCHour(day: E.day, hour: 5), events: [])
        #expect(throws: ReportError.self) { try b.addHour(UTCHour(day: E.day, hour: 5), events: []) }
        do {
            try b.addHour(UTCHour(day: E.day, hour: 4), events: [])
            Issue.record("an earlier hour was accepted")
        } catch {
            #expect(error.isHourOutOfOrder)
        }
        do {
            try b.addHour(UTCHour(day: E.day + 1, hour: 6), events: [])
            Issue.record("an hour of another day was accepted")
        } catch {
            #expect(error.isHourOutsideWindow)
        }
    }

    @Test func builderRejectsMalformedIds() {
        var b = DailyReportBuilder(site: E.site, day: E.day)
        var e = E.make(id: 1, "10:00:00.000")
        e.id = "NOT-HEX"
        do {
            try b.addHour(UTCHour(day: E.day, hour: 10), events: [e])
            Issue.record("a malformed id was accepted")
        } catch {
            #expect(error.isMalformedEvent)
            #expect(error.description.contains("NOT-HEX"))
        }
    }
}
