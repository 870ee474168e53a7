import Foundation
import Testing
import TidemarkCore
import TidemarkReports

/// One folder under `Fixtures/reports/`: `segments/*.ndjson` (and
/// `lookback/*.ndjson` for hourly cases) in, `report.*` expected out.
struct GoldenCase: Sendable, CustomStringConvertible {
    var name: String
    var kind: ReportKind
    var hour: Int
    var complete: Bool
    var files: [ReportFile]
    /// The site's zone and the local date of a daily case.
    var zone = "UTC"
    var date = "2026-11-26"

    var description: String { name }

    static let all: [GoldenCase] = [
        GoldenCase(name: "daily-mixed", kind: .daily, hour: 0, complete: true, files: [.json, .csv, .html]),
        GoldenCase(name: "hourly-lookback", kind: .hourly, hour: 10, complete: true, files: [.json, .csv, .html]),
        GoldenCase(name: "daily-empty", kind: .daily, hour: 0, complete: false, files: [.json]),
        // 25 local clock hours, two of them 02:00 (SPEC §3.1, §4.2).
        GoldenCase(
            name: "daily-amsterdam-fallback", kind: .daily, hour: 0, complete: true, files: [.json, .csv, .html],
            zone: "Europe/Amsterdam", date: "2026-10-25"),
    ]

    /// Builds the case's report the way the job runner would.
    func build(in folder: URL) throws -> Report {
        let input = try Fixtures.readSegments(folder.appendingPathComponent("segments"))
        switch kind {
        case .daily:
            let zone = try #require(SiteZone(identifier: zone))
            var builder = DailyReportBuilder(site: TestEvents.site, day: try #require(Timestamp.parseDay(date)), zone: zone)
            for hour in builder.window.hours {
                let segments = input.events.map { $0.filter { $0.hour == hour } }.filter { !$0.isEmpty }
                if !segments.isEmpty { try builder.addHour(hour, segments: segments) }
            }
            return builder.finish(reader: input.counts, complete: complete)
        case .hourly:
            let lookback = try Fixtures.readSegments(folder.appendingPathComponent("lookback"))
            return try HourlyReportBuilder.build(
                window: .hourly(site: TestEvents.site, hour: UTCHour(day: TestEvents.day, hour: hour)),
                segments: input.events, lookback: lookback.events, reader: input.counts, complete: complete)
        case .weekly, .monthly, .range:
            // Period goldens are merged from partials (PeriodReportTests), not built from segments.
            return try #require(nil as Report?, "no golden case builds a period from segments")
        }
    }
}

@Suite struct GoldenTests {
    @Test func fixturesAreFoundThroughSymlinks() throws {
        let root = try #require(Fixtures.root)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("daily-mixed/report.json").path))
    }

    @Test(arguments: GoldenCase.all)
    func reportMatchesGolden(_ c: GoldenCase) throws {
        let folder = try #require(Fixtures.root).appendingPathComponent(c.name)
        let report = try c.build(in: folder)
        for file in c.files {
            let actual: String
            switch file {
            case .json: actual = ReportJSONWriter.string(report)
            case .csv: actual = ReportCSVWriter.string(report)
            case .html: actual = ReportHTMLWriter.string(report)
            case .manifest, .partial: continue
            }
            let url = folder.appendingPathComponent(file.fileName)
            if Fixtures.recording {
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded \(c.name)/\(file.fileName); check it by hand, then rerun without TIDEMARK_RECORD")
                continue
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(actual == expected, "\(c.name)/\(file.fileName) differs from the golden")
        }
    }

    @Test func goldenRebuildsByteIdentically() throws {
        let folder = try #require(Fixtures.root).appendingPathComponent("daily-mixed")
        let c = GoldenCase.all[0]
        let a = try c.build(in: folder)
        let b = try c.build(in: folder)
        #expect(ReportJSONWriter.bytes(a) == ReportJSONWriter.bytes(b))
        #expect(ReportCSVWriter.bytes(a) == ReportCSVWriter.bytes(b))
        #expect(ReportHTMLWriter.bytes(a) == ReportHTMLWriter.bytes(b))
    }
}
