import Testing
import TidemarkCore
import TidemarkReports

/// Every key shape of the bucket layout (SPEC §2, §3, §4, §4.3), with and
/// without a prefix: the layout is spelled in `BucketLayout` only, and these
/// rows pin it to the SPEC's examples.
@Suite("Bucket layout")
struct BucketLayoutTests {
    /// 2026-11-26, days since 1970.
    static let day = Timestamp.parseDay("2026-11-26") ?? 0

    static let shapes: [(String, String, String)] = {
        let tm = BucketLayout(prefix: "tm")
        let none = BucketLayout(prefix: "")
        let hour = UTCHour(day: day, hour: 7)
        let id = "20261126T070000000Z-0123456789abcdef"
        return [
            ("segment", tm.segment(site: "example.com", hour: hour, segmentID: id),
             "tm/events/site=example.com/date=2026-11-26/hour=07/\(id).ndjson.gz"),
            ("segment, no prefix", none.segment(site: "example.com", hour: hour, segmentID: id),
             "events/site=example.com/date=2026-11-26/hour=07/\(id).ndjson.gz"),
            ("event day", tm.eventDay(site: "a.com", day: day), "tm/events/site=a.com/date=2026-11-26/"),
            ("daily report", tm.reportFile(.daily(site: "a.com", day: day), file: "report.json"),
             "tm/reports/daily/site=a.com/date=2026-11-26/report.json"),
            ("hourly report", tm.reportFile(.hourly(site: "a.com", hour: hour), file: "report.csv"),
             "tm/reports/hourly/site=a.com/date=2026-11-26/hour=07/report.csv"),
            ("weekly report", tm.reportFile(.weekly(site: "a.com", monday: day - 3), file: "report.html"),
             "tm/reports/weekly/site=a.com/week=2026-W48/report.html"),
            ("monthly report", none.reportFile(.monthly(site: "a.com", first: day - 25), file: "manifest.json"),
             "reports/monthly/site=a.com/month=2026-11/manifest.json"),
            ("hourly report day", tm.reportDay(kind: "hourly", site: "a.com", day: day), "tm/reports/hourly/site=a.com/date=2026-11-26/"),
            ("range report", tm.reportFolder(.range(site: "a.com", from: day - 1, to: day)),
             "tm/reports/range/site=a.com/from=2026-11-25/to=2026-11-26/"),
            ("daily partial", tm.partial(site: "a.com", day: day), "tm/reports/daily/site=a.com/date=2026-11-26/partial.json.gz"),
            ("watermark", tm.watermark(site: "example.com", collector: "c1"), "tm/watermarks/site=example.com/collector=c1.json"),
            ("watermark, no prefix", none.watermark(site: "example.com", collector: "c1"),
             "watermarks/site=example.com/collector=c1.json"),
            ("job record", tm.jobRecord(job: "daily"), "tm/state/jobs/daily.json"),
            ("repair hint", tm.repairHint(name: "0123456789abcdef0123456789abcdef"),
             "tm/state/repair-hints/0123456789abcdef0123456789abcdef.json"),
            ("state roots", tm.stateRoots.joined(separator: " "), "tm/state/ tm/watermarks/"),
        ]
    }()

    @Test(arguments: shapes)
    func keyShape(_ row: (String, String, String)) {
        #expect(row.1 == row.2, "\(row.0)")
    }

    /// The report windows name their folders through the layout.
    @Test func reportWindowsUseTheLayout() {
        let d = ReportWindow.daily(site: "a.com", day: Self.day)
        #expect(d.key(prefix: "tm", file: .partial) == "tm/reports/daily/site=a.com/date=2026-11-26/partial.json.gz")
        let w = ReportWindow.weekly(site: "a.com", containing: Self.day) { Int64($0) * 86_400 }
        #expect(w.directory(prefix: "") == "reports/weekly/site=a.com/week=2026-W48/")
    }

    /// Segment keys parse back under their own prefix and no other.
    @Test(arguments: ["", "tm", "a/b"])
    func segmentKeysRoundTrip(prefix: String) throws {
        let key = SegmentKey(prefix: prefix, site: "a.com", hour: UTCHour(day: Self.day, hour: 23), segmentID: "x-0123456789abcdef")
        let parsed = try #require(SegmentKey(parsing: key.key, prefix: prefix))
        #expect(parsed == key)
        #expect(BucketLayout.prefix(ofSegmentKey: key.key) == prefix)
        #expect(SegmentKey(parsing: key.key, prefix: prefix + "x") == nil)
    }

    @Test(arguments: [
        ("tm/events/site=a.com/", "site", "a.com"), ("site=a.com", "site", "a.com"), ("date=2026-11-26/", "date", "2026-11-26"),
        ("tm/events/", "site", nil), ("hour=07/", "site", nil),
    ] as [(String, String, String?)])
    func folderValues(_ row: (String, String, String?)) {
        #expect(BucketLayout.folderValue(row.0, field: row.1) == row.2)
    }

    @Test func partitionDays() {
        #expect(ReportFolder.days(ofPartition: "date=2026-11-26/")?.first == Self.day)
        #expect(ReportFolder.days(ofPartition: "week=2026-W48/").map { [$0.first, $0.last] } == [Self.day - 3, Self.day + 3])
        #expect(ReportFolder.days(ofPartition: "month=2026-11/").map { [$0.first, $0.last] } == [Self.day - 25, Self.day + 4])
        #expect(ReportFolder.days(ofPartition: "from=2026-11-25/") == nil)
        #expect(ReportFolder.days(ofPartition: "date=2026-13-01/") == nil)
    }
}
