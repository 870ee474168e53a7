import Foundation
import Testing
import TidemarkCore
import TidemarkReports
import TidemarkSynthetic
import TidemarkTesting

/// `report.html` in headless Chromium at desktop and phone widths:
/// `scripts/check-report-html.py` screenshots the whole page and measures it,
/// and a page fails when its chart is blank, a top list with rows has no
/// visible table, or anything is wider than the window. Screenshots are kept
/// in `.tidemark-test/screenshots/` for people to look at.
@Suite(.serialized) struct HTMLScreenshotTests {
    struct Viewport: Sendable, CustomStringConvertible {
        var name: String
        var width: Int
        var height: Int
        var description: String { name }
    }

    static let viewports = [
        Viewport(name: "desktop", width: 1280, height: 900), Viewport(name: "phone", width: 360, height: 740),
    ]

    /// What the checker reports about one rendered page.
    struct PageCheck: Decodable {
        struct Table: Decodable {
            var id: String
            var rows: Int
        }
        struct Facts: Decodable {
            var innerWidth: Double
            var scrollWidth: Double
            var bars: Int
            var kpis: Int
            var tables: [Table]
        }
        var problems: [String]?
        var error: String?
        var facts: Facts?
        var screenshot: String?

        /// The checker's problems plus every top list with rows that has no table.
        func problems(for report: Report) -> [String] {
            if let error { return ["checker failed: \(error)"] }
            var out = problems ?? []
            let shown = Set(facts?.tables.map(\.id) ?? [])
            for kind in TopListKind.allCases where !report.rows(kind).isEmpty && !shown.contains(kind.jsonName) {
                out.append("table \(kind.jsonName) is missing")
            }
            return out
        }
    }

    /// A realistic shop day (seeded), and the day before it for the headline.
    static func shopDay() throws -> (report: Report, previous: ReportTotals) {
        try shopDayBuilt.get()
    }

    // Built once: generating and aggregating the day is the slow part of a debug build.
    private static let shopDayBuilt = Result { try buildShopDay() }

    private static func buildShopDay() throws -> (report: Report, previous: ReportTotals) {
        let day = Timestamp.parseDay("2026-11-26") ?? 0
        func build(_ day: Int, seed: UInt64, events: Int) throws -> Report {
            let synthetic = SyntheticDay(
                seed: seed, day: day, sites: [SyntheticSite(name: "shop.example.com", events: events)])
            var byHour: [Int64: [Event]] = [:]
            var reader = ReaderCounts(segments: 0, eventsRead: 0, invalidLines: 0)
            synthetic.forEachLine { line in
                guard case .event(let e) = EventParser.parse(line) else { return }
                byHour[e.hour.index, default: []].append(e)
                reader.eventsRead += 1
            }
            var builder = DailyReportBuilder(site: "shop.example.com", day: day)
            for hour in builder.window.hours {
                guard let events = byHour[hour.index] else { continue }
                try builder.addHour(hour, segments: [events])
                reader.segments += 1
            }
            return builder.finish(reader: reader, complete: true)
        }
        return (try build(day, seed: 8, events: 12_000), try build(day - 1, seed: 7, events: 10_000).totals)
    }

    /// Writes `html` under `.tidemark-test/screenshots/{name}/` and checks it at `viewport`.
    static func check(_ html: String, name: String, at viewport: Viewport) async throws -> PageCheck {
        let folder = try TestDirectories.testRoot().appendingPathComponent("screenshots/" + name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let script = try TestDirectories.packageRoot().appendingPathComponent("scripts/check-report-html.py").path
        let result = try await ExternalTool.run(
            try ExternalTool.path("python"),
            [
                script, page.path, String(viewport.width), String(viewport.height), folder.path,
                "--chromium", try ExternalTool.path("chromium"),
            ])
        let json = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard let check = try? JSONDecoder().decode(PageCheck.self, from: Data(json.utf8)) else {
            Issue.record("checker gave no result (status \(result.status)): \(result.stdout) \(result.stderr.suffix(2000))")
            return PageCheck(error: "no result")
        }
        return check
    }

    @Test(arguments: viewports)
    func realisticDailyReportLooksRight(_ viewport: Viewport) async throws {
        let (report, previous) = try Self.shopDay()
        let html = ReportHTMLWriter.string(report, previous: previous)
        let check = try await Self.check(html, name: "daily-\(viewport.name)", at: viewport)
        #expect(check.problems(for: report) == [])
        let facts = try #require(check.facts)
        #expect(facts.bars == 24)
        #expect(facts.kpis == 8)
        #expect(facts.tables.count == TopListKind.allCases.count)
        #expect(facts.innerWidth == Double(viewport.width))
    }

    @Test(arguments: viewports)
    func goldenReportsLookRight(_ viewport: Viewport) async throws {
        for c in GoldenCaseNames.all {
            let report = try GoldenCaseNames.report(c)
            let check = try await Self.check(
                ReportHTMLWriter.string(report), name: "\(c)-\(viewport.name)", at: viewport)
            #expect(check.problems(for: report) == [], "\(c)")
        }
    }

    @Test func blankChartFails() async throws {
        let (report, previous) = try Self.shopDay()
        let html = ReportHTMLWriter.string(report, previous: previous)
            .replacingOccurrences(of: ".pv{fill:var(--pv)}", with: ".pv{fill:none}")
            .replacingOccurrences(of: "stroke:var(--vs)", with: "stroke:none")
        let problems = try await Self.check(html, name: "broken-chart", at: Self.viewports[0]).problems(for: report)
        #expect(problems.contains { $0.hasPrefix("chart shows no pageview bars") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("chart shows no visits line") }, "\(problems)")
    }

    @Test func missingOrBlankTableFails() async throws {
        let (report, previous) = try Self.shopDay()
        var html = ReportHTMLWriter.string(report, previous: previous)
        // Drop the referrers table, and make the browsers table's rows invisible.
        let start = try #require(html.range(of: "<section class=\"panel top short\" id=\"referrers\">"))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        html.removeSubrange(start.lowerBound..<end.upperBound)
        html = html.replacingOccurrences(
            of: "id=\"browsers\">", with: "id=\"browsers\" style=\"color:transparent;--bar:transparent\">")
        let problems = try await Self.check(html, name: "broken-tables", at: Self.viewports[1]).problems(for: report)
        #expect(problems.contains("table referrers is missing"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("table browsers looks blank") }, "\(problems)")
    }

    @Test func pageWiderThanAPhoneFails() async throws {
        let (report, _) = try Self.shopDay()
        let html = ReportHTMLWriter.string(report)
            .replacingOccurrences(of: "<main class=\"page\">", with: "<main class=\"page\" style=\"min-width:600px\">")
        let problems = try await Self.check(html, name: "broken-width", at: Self.viewports[1]).problems(for: report)
        #expect(problems.contains { $0.hasPrefix("page is ") }, "\(problems)")
    }
}

/// The golden report folders under `Fixtures/reports`, built as the golden tests build them.
enum GoldenCaseNames {
    static let all = ["daily-mixed", "hourly-lookback", "daily-empty"]

    static func report(_ name: String) throws -> Report {
        let folder = try TestDirectories.packageRoot().appendingPathComponent("Fixtures/reports/" + name)
        let day = Timestamp.parseDay("2026-11-26") ?? 0
        func read(_ sub: String) throws -> (events: [[Event]], counts: ReaderCounts) {
            let dir = folder.appendingPathComponent(sub)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasSuffix(".ndjson") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var counts = ReaderCounts(segments: 0, eventsRead: 0, invalidLines: 0)
            var all: [[Event]] = []
            for n in names {
                let text = try String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8)
                var events: [Event] = []
                for line in text.split(separator: "\n") {
                    switch EventParser.parse(String(line)) {
                    case .event(let e):
                        events.append(e)
                        counts.eventsRead += 1
                    case .invalid: counts.invalidLines += 1
                    case .blank: break
                    }
                }
                all.append(events)
                counts.segments += 1
            }
            return (all, counts)
        }
        let input = try read("segments")
        if name.hasPrefix("hourly") {
            return try HourlyReportBuilder.build(
                window: .hourly(site: "example.com", hour: UTCHour(day: day, hour: 10)), segments: input.events,
                lookback: try read("lookback").events, reader: input.counts, complete: true)
        }
        var builder = DailyReportBuilder(site: "example.com", day: day)
        for hour in builder.window.hours {
            let segments = input.events.map { $0.filter { $0.hour == hour } }.filter { !$0.isEmpty }
            if !segments.isEmpty { try builder.addHour(hour, segments: segments) }
        }
        return builder.finish(reader: input.counts, complete: name != "daily-empty")
    }
}
