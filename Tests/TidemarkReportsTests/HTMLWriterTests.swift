import Foundation
import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

/// `report.html`: the headline against the previous window, the chart, the
/// tables, and reading totals back from `report.json`.
@Suite struct HTMLWriterTests {
    static func golden(_ name: String) throws -> Report {
        let c = try #require(GoldenCase.all.first { $0.name == name })
        return try c.build(in: try #require(Fixtures.root).appendingPathComponent(name))
    }

    @Test func headlineShowsChangeAgainstPreviousTotals() throws {
        let report = try Self.golden("daily-mixed")  // 4 visitors, 7 visits, 9 pageviews, 28.6 % bounce
        let previous = ReportTotals(
            pageviews: 12, events: 3, visitors: 2, visits: 7, bounces: 1,
            bounceRate: ReportDecimal(units: 1429, scale: 4), visitDurationAvgS: ReportDecimal(units: 6771, scale: 1),
            botEvents: 0)
        let html = ReportHTMLWriter.string(report, previous: previous)
        #expect(html.contains("Change against the previous day"))
        #expect(html.contains("<span class=\"vh\">up </span>▲ 100% <span class=\"was\">from 2</span>"))  // visitors
        #expect(html.contains("▼ 25% <span class=\"was\">from 12</span>"))  // pageviews
        #expect(html.contains("class=\"delta flat\"><span class=\"vh\">unchanged </span>no change"))  // visits 7 → 7
        #expect(html.contains("class=\"delta bad\"><span class=\"vh\">up </span>▲ 14.3 pts"))  // bounce rate up
        #expect(html.contains("Bot events</div><div class=\"value\">1</div><div class=\"delta new\">"))  // from 0
    }

    @Test func withoutPreviousEveryNumberIsNew() throws {
        let html = ReportHTMLWriter.string(try Self.golden("daily-mixed"))
        #expect(html.contains("No previous day to compare with"))
        #expect(html.components(separatedBy: "<div class=\"delta new\">").count - 1 == 8)
        #expect(ReportHTMLWriter.bytes(try Self.golden("daily-mixed"), previous: nil) == Array(html.utf8))
    }

    @Test func everyListWithRowsHasATableAndEmptyOnesAreNamed() throws {
        let report = try Self.golden("daily-mixed")
        let html = ReportHTMLWriter.string(report)
        for kind in TopListKind.allCases {
            let hasTable = html.contains("id=\"\(kind.jsonName)\"")
            #expect(hasTable == !report.rows(kind).isEmpty, "\(kind.jsonName)")
            if report.rows(kind).isEmpty { #expect(html.contains(kind.title)) }
        }
        #expect(html.contains("style=\"--p:100%\""))
    }

    @Test func chartIsAccessibleAndDrawsEveryBucket() throws {
        let report = try Self.golden("daily-mixed")
        let html = ReportHTMLWriter.string(report)
        #expect(html.contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\""))
        #expect(html.contains("<title id=\"chart-title\">Pageviews and visits per hour</title>"))
        #expect(html.contains("<desc id=\"chart-desc\">9 pageviews and 7 visits in 24 hourly buckets."))
        #expect(html.components(separatedBy: "<rect class=\"pv\"").count - 1 == 24)
        #expect(html.contains("<span style=\"left:2.1%\">00:00</span>"))
        #expect(!html.contains("No traffic in this window"))
    }

    @Test func phoneAndPrintRulesArePresent() throws {
        let html = ReportHTMLWriter.string(try Self.golden("hourly-lookback"))
        #expect(html.contains("@media (max-width:720px)"))
        #expect(html.contains("@media print"))
        #expect(html.contains(".group{break-before:page}"))
        #expect(!html.contains("<script"))
        #expect(html.contains("Traffic per five minutes"))
    }

    @Test func totalsReadBackFromReportJSON() throws {
        for name in ["daily-mixed", "hourly-lookback", "daily-empty"] {
            let report = try Self.golden(name)
            #expect(ReportTotals(reportJSON: ReportJSONWriter.bytes(report)) == report.totals, "\(name)")
            let golden = try Data(contentsOf: try #require(Fixtures.root).appendingPathComponent(name + "/report.json"))
            #expect(ReportTotals(reportJSON: Array(golden)) == report.totals, "\(name) golden")
        }
        let compact = #"{"report_version":1,"totals":{"pageviews":3,"events":0,"visitors":2,"visits":2,"bounces":1,"bounce_rate":0.5,"visit_duration_avg_s":12.25e0,"bot_events":0}}"#
        #expect(ReportTotals(reportJSON: Array(compact.utf8)) == nil)  // exponent: not what the writer makes
    }

    @Test(arguments: [
        "", "{}", "[]", "null", "{\"report_version\": 2, \"totals\": {}}",
        #"{"report_version":1,"totals":{"pageviews":-1,"events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.0,"visit_duration_avg_s":0.0,"bot_events":0}}"#,
        #"{"report_version":1,"totals":{"pageviews":"1","events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.0,"visit_duration_avg_s":0.0,"bot_events":0}}"#,
        #"{"report_version":1,"totals":{"pageviews":1.5,"events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.0,"visit_duration_avg_s":0.0,"bot_events":0}}"#,
        #"{"report_version":1,"totals":{"events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.0,"visit_duration_avg_s":0.0,"bot_events":0}}"#,
        #"{"report_version":1,"totals":{"pageviews":1,"events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.12345,"visit_duration_avg_s":0.0,"bot_events":0}}"#,
        #"{"report_version":1,"totals":{"pageviews":1,"events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.0,"visit_duration_avg_s":0.0,"bot_events":0}} x"#,
        #"{"report_version":1,"totals":{"pageviews":01,"events":0,"visitors":0,"visits":0,"bounces":0,"bounce_rate":0.0,"visit_duration_avg_s":0.0,"bot_events":0}}"#,
    ])
    func unexpectedReportJSONGivesNil(_ text: String) {
        #expect(ReportTotals(reportJSON: Array(text.utf8)) == nil)
    }

    @Test func sameInputSameBytes() throws {
        let report = try Self.golden("daily-mixed")
        let previous = ReportTotals(pageviews: 7, visitors: 3, visits: 5)
        #expect(ReportHTMLWriter.bytes(report, previous: previous) == ReportHTMLWriter.bytes(report, previous: previous))
    }

    @Test func escapesSiteAndKeysInEveryPlace() throws {
        let report = try E.daily([E.make(id: 1, "10:00:00.000", path: "/\"><b>x</b>", ref: "a'b")])
        let html = ReportHTMLWriter.string(report)
        #expect(html.contains("/&quot;&gt;&lt;b&gt;x&lt;/b&gt;"))
        #expect(html.contains("a&#39;b"))
        #expect(!html.contains("<b>x</b>"))
    }
}
