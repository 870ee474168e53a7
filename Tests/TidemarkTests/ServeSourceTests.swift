import Foundation
import Logging
import Testing
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
@testable import TidemarkServe

/// `tidemark serve`'s JSON API in process over real stored data (three
/// local-directory regions built by the job runner), with the time passed
/// in: the completeness of recent days (SPEC §3, §4.3) and partials built in
/// another zone than the site's (SPEC §3.1).
@Suite("Serve over stored reports", .serialized)
struct ServeSourceTests {
    static let site = "example.com"
    static func day(_ text: String) -> Int { Timestamp.parseDay(text) ?? -1 }
    static func daily(_ text: String, zone: SiteZone = .utc) -> ReportWindow {
        .daily(site: site, day: day(text), zone: zone)
    }

    /// A server over the fixture's regions serving `site` in `zone`, its clock at `nowMillis`.
    static func withServer(
        _ f: JobRunnerTests.Fixture, zone: SiteZone = .utc, nowMillis: Int64, _ body: (Int) async throws -> Void
    ) async throws {
        let source = StoredReportSource(
            prefix: "tm", stores: f.stores, configured: [(site, zone.identifier)], localDays: { _ in LocalDays(zone: zone) },
            siteListSeconds: 0, nowMillis: { nowMillis })
        let settings = ServeSettings(listen: try ListenAddress(parsing: "127.0.0.1:0"), token: nil)
        let routes = ServeRoutes(source: source, settings: settings, nowSeconds: { nowMillis / 1000 })
        let server = try await DashboardServer.start(routes: routes, listen: settings.listen, logger: Logger(label: "test"))
        do {
            try await body(server.port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func get(_ port: Int, _ path: String) async throws -> HTTPReply {
        try await RawHTTP.send(port: port, method: "GET", path: path, headers: [:], body: [])
    }

    /// `[date: status]` of the one site's `recent_days`, and the body.
    static func recentDays(_ port: Int, date: String) async throws -> ([String: String], String) {
        let reply = try await get(port, "/api/v1/sites?date=" + date)
        #expect(reply.status == 200, "\(reply.text)")
        let sites = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]])
        let recent = try #require(sites.first?["recent_days"] as? [[String: Any]])
        var out: [String: String] = [:]
        for d in recent {
            let status = try #require(d["status"] as? String)
            out[try #require(d["date"] as? String)] = status
            #expect(d["complete"] as? Bool == (status == "complete" || status == "empty"))
        }
        return (out, reply.text)
    }

    /// Whether the period report over from..to says it is complete.
    static func reportComplete(_ port: Int, from: String, to: String) async throws -> Bool? {
        let reply = try await get(port, "/api/v1/report?site=\(site)&from=\(from)&to=\(to)")
        #expect(reply.status == 200, "\(reply.text)")
        return reply.json["complete"] as? Bool
    }

    /// A collector (c1) whose watermark stopped a minute before the end of
    /// 11-26: 11-24 was built complete, 11-26 partial; 11-27 (today) was
    /// built while going on and is in progress; 11-25 and 11-21..23 have
    /// nothing and are past the watermark. Once c1 passes the end of 11-26
    /// and the day is rebuilt, it is complete. The period reports agree with
    /// every day's state.
    @Test func recentDaysSayWhichDaysAreComplete() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        for date in ["2026-11-24", "2026-11-26", "2026-11-27"] {
            try await f.add(TestEvents.lines(count: 200, sites: [Self.site], day: date))
        }
        let end = Self.daily("2026-11-26").endMillis
        for s in f.stores { try await CompletenessTests.publish(s, collector: "c1", millis: end - 60_000) }
        let now = end + 600_000
        let runner = JobRunner(prefix: "tm", regions: f.regions, localDir: nil, nowMillis: now)
        let built = await runner.run(
            [Self.daily("2026-11-24"), Self.daily("2026-11-26"), Self.daily("2026-11-27")], formats: [.json], force: false
        ) { _ in }
        #expect(built.map(\.status) == [.built, .built, .built])
        #expect(built.map(\.complete) == [true, false, false])

        try await Self.withServer(f, nowMillis: now) { port in
            let (states, body) = try await Self.recentDays(port, date: "2026-11-27")
            #expect(
                states == [
                    "2026-11-21": "empty", "2026-11-22": "empty", "2026-11-23": "empty", "2026-11-24": "complete",
                    "2026-11-25": "empty", "2026-11-26": "partial", "2026-11-27": "in_progress",
                ])
            let schema = try await SchemaTests.validate("api-sites.v1.schema.json", ["sites.json": body])
            #expect(schema["sites.json"] == [])
            // Without date=: the 7 days that end today in the site's zone (2026-11-27 at `now`).
            let today = try await Self.get(port, "/api/v1/sites")
            #expect(today.text == body)
            #expect(try await Self.reportComplete(port, from: "2026-11-21", to: "2026-11-25") == true)
            #expect(try await Self.reportComplete(port, from: "2026-11-24", to: "2026-11-26") == false)
            #expect(try await Self.reportComplete(port, from: "2026-11-27", to: "2026-11-27") == false)
        }

        // c1 passes the end of 11-26 and `run` rebuilds it as complete.
        for s in f.stores { try await CompletenessTests.publish(s, collector: "c1", millis: end + 1000) }
        let later = end + 900_000
        let rebuilt = await JobRunner(prefix: "tm", regions: f.regions, localDir: nil, nowMillis: later)
            .run([Self.daily("2026-11-26")], formats: [.json], force: false) { _ in }
        #expect(rebuilt.map(\.complete) == [true])
        try await Self.withServer(f, nowMillis: later) { port in
            let (states, _) = try await Self.recentDays(port, date: "2026-11-27")
            #expect(states["2026-11-26"] == "complete")
            #expect(states["2026-11-27"] == "in_progress")
            #expect(try await Self.reportComplete(port, from: "2026-11-24", to: "2026-11-26") == true)
        }
    }

    /// Ingest only (no watermarks): a local day of Europe/Amsterdam is
    /// complete from its end (2026-11-26T23:00Z for 26 November), not a
    /// millisecond earlier, and a future day never is, in the sites list and
    /// in reports alike.
    @Test func aDayIsNotCompleteBeforeItEndsInTheSitesZone() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let amsterdam = try #require(SiteZone(identifier: "Europe/Amsterdam"))
        let end = Self.daily("2026-11-26", zone: amsterdam).endMillis
        #expect(Timestamp.formatMillis(end) == "2026-11-26T23:00:00.000Z")
        try await Self.withServer(f, zone: amsterdam, nowMillis: end - 1) { port in
            let (states, _) = try await Self.recentDays(port, date: "2026-11-28")
            #expect(states["2026-11-25"] == "empty")
            #expect(states["2026-11-26"] == "in_progress")
            #expect(states["2026-11-27"] == "in_progress")
            #expect(states["2026-11-28"] == "in_progress")
            #expect(try await Self.reportComplete(port, from: "2026-11-25", to: "2026-11-25") == true)
            #expect(try await Self.reportComplete(port, from: "2026-11-26", to: "2026-11-26") == false)
            #expect(try await Self.reportComplete(port, from: "2026-11-20", to: "2026-11-26") == false)
            #expect(try await Self.reportComplete(port, from: "2027-01-10", to: "2027-01-10") == false)
        }
        try await Self.withServer(f, zone: amsterdam, nowMillis: end) { port in
            let (states, _) = try await Self.recentDays(port, date: "2026-11-28")
            #expect(states["2026-11-26"] == "empty")
            #expect(states["2026-11-27"] == "in_progress")
            #expect(try await Self.reportComplete(port, from: "2026-11-20", to: "2026-11-26") == true)
        }
    }

    /// A partial is read in the site's zone: one built in UTC is refused for
    /// a site now reported in Europe/Amsterdam, by the reader (kind
    /// `.zoneMismatch`, naming both zones) and by the report API (409, never
    /// merged); the sites list shows that day as missing.
    @Test func partialsBuiltInAnotherZoneAreRefused() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 200, sites: [Self.site], day: "2026-11-26"))
        let built = await f.runner.run([Self.daily("2026-11-26")], formats: [.json], force: false) { _ in }
        #expect(built.map(\.status) == [.built])
        let amsterdam = try #require(SiteZone(identifier: "Europe/Amsterdam"))
        let reader = PartialReader(prefix: "tm", regions: f.regions)

        let utc = try await reader.read(site: Self.site, day: Self.day("2026-11-26"), zone: .utc)
        #expect(utc?.partial.timeZone == "UTC")
        let error = await #expect(throws: JobsError.self) {
            _ = try await reader.read(site: Self.site, day: Self.day("2026-11-26"), zone: amsterdam)
        }
        #expect(error?.kind == .zoneMismatch)
        #expect(error?.message.contains("built in time zone UTC") == true)
        #expect(error?.message.contains("reported in Europe/Amsterdam") == true)

        try await Self.withServer(f, zone: amsterdam, nowMillis: Self.daily("2026-11-28").endMillis) { port in
            let reply = try await Self.get(port, "/api/v1/report?site=\(Self.site)&from=2026-11-25&to=2026-11-27")
            #expect(reply.status == 409, "\(reply.text)")
            #expect(reply.json["reason"] as? String == "zone_mismatch")
            let detail = reply.json["detail"] as? String ?? ""
            #expect(detail.contains("2026-11-26") && detail.contains("Europe/Amsterdam") && detail.contains("tidemark backfill"))
            // The sites list still answers: that day's report is out of date, so the day is missing.
            let (states, _) = try await Self.recentDays(port, date: "2026-11-27")
            #expect(states["2026-11-26"] == "missing")
            #expect(states["2026-11-25"] == "empty")
        }
    }
}
