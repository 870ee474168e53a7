import Foundation
import Testing
import TidemarkCore
import TidemarkTesting

#if canImport(Glibc)
import Glibc
#endif

/// `tidemark serve` from the built binary over real stored reports: the API
/// answers with `tidemark report`'s bytes, the dashboard shows the API's
/// numbers in headless Chromium, and the server keeps answering with two of
/// three regions down.
@Suite("Serve", .serialized)
struct ServeIntegrationTests {
    /// A folder with the demo's data for `dates` (each a seeded synthetic day
    /// ingested and reported by `tidemark demo`), built once per run.
    final class DemoData: Sendable {
        let dir: TempDir
        init(dates: [String]) async throws {
            dir = try TempDir("serve")
            for date in dates {
                let r = try await BinaryRunner.run(["demo", "--date", date, "--events", "4000"], in: dir.path)
                guard r.status == 0 else { throw CollectorTestError("demo --date \(date) failed: \(r.stderr)") }
            }
        }
    }

    /// Days around the end of summer time in Europe/Amsterdam (2026-10-25, 25 hours).
    static let dstDates = ["2026-10-23", "2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27"]

    /// `tidemark report --format json` for a range (which builds any day it lacks first).
    static func cliReport(_ dir: String, site: String, from: String, to: String) async throws -> [UInt8] {
        let r = try await BinaryRunner.run(
            ["report", "--site", site, "--from", from, "--to", to, "--format", "json"], in: dir)
        guard r.status == 0 else { throw CollectorTestError("tidemark report failed: \(r.stderr)") }
        return Array(r.stdout.utf8)
    }

    @Test func apiBytesEqualTidemarkReport() async throws {
        let data = try await DemoData(dates: Self.dstDates)
        defer { data.dir.cleanup() }
        let ranges = [
            ("shop.example.com", "2026-10-25", "2026-10-25"),  // the 25-hour day
            ("shop.example.com", "2026-10-22", "2026-10-28"),  // a week across the DST change
            ("example.com", "2026-10-01", "2026-10-31"),  // a month
            ("shop.example.com", "2026-10-01", "2026-10-31"),
        ]
        var expected: [[UInt8]] = []
        for (site, from, to) in ranges {
            expected.append(try await Self.cliReport(data.dir.path, site: site, from: from, to: to))
        }
        // The previous week of the DST week, for compare=previous.
        let previousWeek = try await Self.cliReport(data.dir.path, site: "shop.example.com", from: "2026-10-15", to: "2026-10-21")
        let server = try await ServeProcess(in: data.dir.path)
        defer { server.stop() }
        for ((site, from, to), want) in zip(ranges, expected) {
            let reply = try await server.get("/api/v1/report?site=\(site)&from=\(from)&to=\(to)")
            #expect(reply.status == 200, "\(site) \(from)..\(to): \(reply.text)")
            #expect(reply.body == want, "\(site) \(from)..\(to): the API differs from tidemark report")
        }
        let weekly = try await server.get("/api/v1/report?site=shop.example.com&period=7d&date=2026-10-28&compare=previous")
        #expect(weekly.status == 200)
        let schema = try await SchemaTests.validate("api-comparison.v1.schema.json", ["week.json": weekly.text])
        #expect(schema["week.json"] == [])
        let both = try #require(try JSONSerialization.jsonObject(with: Data(weekly.body)) as? [String: Any])
        func same(_ a: Any?, _ b: [UInt8]) -> Bool {
            guard let a = a as? NSDictionary, let b = try? JSONSerialization.jsonObject(with: Data(b)) as? NSDictionary
            else { return false }
            return a == b
        }
        #expect(same(both["current"], expected[1]))
        #expect(same(both["previous"], previousWeek))
        let shop = try #require(try JSONSerialization.jsonObject(with: Data(expected[1])) as? [String: Any])
        let series = try #require(shop["series"] as? [[String: Any]])
        #expect(series.count == 7)
        #expect((shop["totals"] as? [String: Any])?["pageviews"] as? Int ?? 0 > 0)

        // The single day's hourly chart: 25 clock hours where summer time ends that day.
        let sites = try JSONSerialization.jsonObject(with: Data(try await server.get("/api/v1/sites").body)) as? [[String: Any]]
        let zone = sites?.first { $0["site"] as? String == "shop.example.com" }?["time_zone"] as? String
        let day = try await server.get("/api/v1/daily?site=shop.example.com&date=2026-10-25")
        #expect(day.status == 200)
        let daily = try #require(try JSONSerialization.jsonObject(with: Data(day.body)) as? [String: Any])
        #expect((daily["series"] as? [Any])?.count == (zone == "Europe/Amsterdam" ? 25 : 24))
    }

    /// The sites list and every bad request through the real binary.
    @Test func sitesAndErrorsFromTheBinary() async throws {
        let data = try await DemoData(dates: ["2026-10-25"])
        defer { data.dir.cleanup() }
        let server = try await ServeProcess(in: data.dir.path)
        defer { server.stop() }
        let sites = try await server.get("/api/v1/sites")
        #expect(sites.status == 200)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(sites.body)) as? [[String: Any]])
        #expect(list.map { $0["site"] as? String } == ["example.com", "shop.example.com"])
        #expect(list.map { $0["time_zone"] as? String } == ["UTC", "Europe/Amsterdam"])
        #expect(list.allSatisfy { $0["last_day"] as? String != nil })
        // The demo has no collectors (ingest only): its day is complete, the days around it complete and empty.
        let recent = try await server.get("/api/v1/sites?date=2026-10-26")
        #expect(recent.status == 200)
        #expect(try await SchemaTests.validate("api-sites.v1.schema.json", ["sites.json": recent.text])["sites.json"] == [])
        for site in try #require(try JSONSerialization.jsonObject(with: Data(recent.body)) as? [[String: Any]]) {
            let days = try #require(site["recent_days"] as? [[String: Any]])
            #expect(days.map { $0["date"] as? String } == (20...26).map { "2026-10-\($0)" })
            #expect(days.map { $0["status"] as? String } == ["empty", "empty", "empty", "empty", "empty", "complete", "empty"])
        }
        for (path, status) in [
            ("/api/v1/report?site=nope.example&period=day", 404),
            ("/api/v1/report?site=example.com&from=2016-01-01&to=2026-01-01", 400),
            ("/api/v1/report?site=example.com&from=2026-10-26&to=2026-10-25", 400),
            ("/api/v1/report?site=..%2F..%2Fetc&period=day", 400),
        ] {
            let reply = try await server.get(path)
            #expect(reply.status == status, "\(path): \(reply.text)")
            #expect(reply.json["reason"] is String, "\(path)")
        }
    }

    /// Off loopback without a token the server refuses to start; with one, a
    /// request without it gets 401.
    @Test func tokenRequiredOffLoopback() async throws {
        let dir = try TempDir("serve-token")
        defer { dir.cleanup() }
        let refused = try await BinaryRunner.run(["serve", "--listen", "0.0.0.0:0"], in: dir.path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("without an access token"), "\(refused.stderr)")
        let token = "0123456789abcdef0123456789abcdef"
        try "regions:\n  - {name: eu, endpoint: \"file://\(dir.path)/eu\"}\nserve:\n  token_env: TM_SERVE_TOKEN\n"
            .write(toFile: dir.path + "/tidemark.yml", atomically: true, encoding: .utf8)
        let unset = try await BinaryRunner.run(["serve", "--listen", "0.0.0.0:0", "--config", "tidemark.yml"], in: dir.path)
        #expect(unset.status != 0)
        #expect(unset.stderr.contains("TM_SERVE_TOKEN"), "\(unset.stderr)")
        let server = try await ServeProcess(
            in: dir.path, args: ["--config", "tidemark.yml"], environment: ["TM_SERVE_TOKEN": token])
        defer { server.stop() }
        #expect(try await server.get("/api/v1/sites").status == 401)
        #expect(try await server.get("/api/v1/sites", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(!server.stderr.contains(token))
    }

    /// SIGTERM and SIGINT stop the server cleanly (exit 0) with one `stopped`
    /// record at info, in the log's format (docs/LOGGING.md).
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalStopsItWithOneLogLine(_ signal: Int32) async throws {
        let dir = try TempDir("serve-stop")
        defer { dir.cleanup() }
        let server = try await ServeProcess(in: dir.path)
        defer { server.stop() }
        #expect(try await server.get("/api/v1/sites").status == 200)
        #expect(await server.terminate(signal: signal), "serve did not exit 0 on signal \(signal): \(server.stderr)")
        let records = server.stderr.split(separator: "\n").map { LogfmtParser.fields(String($0)) }
        #expect(records.allSatisfy { $0?["ts"] != nil && $0?["level"] != nil }, "\(server.stderr)")
        let stopped = records.filter { $0?["msg"] == "stopped" }
        #expect(stopped.count == 1, "\(server.stderr)")
        #expect(stopped.first??["level"] == "info", "\(server.stderr)")
    }

    /// Headless Chromium drives the dashboard (scripts/check-dashboard.py):
    /// site list, a site, 7 days by keyboard, a custom range, one day; the
    /// page's numbers equal the API's; screenshots at 1280 and 390 px.
    @Test func dashboardInARealBrowser() async throws {
        let today = Int(Date().timeIntervalSince1970) / 86_400
        let dates = (1...3).map { Timestamp.formatDay(today - $0) }
        let data = try await DemoData(dates: dates)
        defer { data.dir.cleanup() }
        let server = try await ServeProcess(in: data.dir.path)
        defer { server.stop() }
        let shots = try TestDirectories.testRoot().appendingPathComponent("screenshots/dashboard").path
        let result = try await ExternalTool.run(
            try ExternalTool.path("python"),
            [
                try TestDirectories.packageRoot().appendingPathComponent("scripts/check-dashboard.py").path,
                "http://127.0.0.1:\(server.port)", "example.com", shots, "--from", dates[2], "--to", dates[0],
                "--date", dates[1], "--chromium", try ExternalTool.path("chromium"),
            ])
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let report = try #require(
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            "checker gave no result (\(result.status)): \(result.stdout) \(result.stderr.suffix(2000))")
        #expect(report["error"] == nil, "\(report["error"] ?? "")")
        #expect((report["problems"] as? [String]) == [], "\(report["problems"] ?? "")")
        #expect((report["screenshots"] as? [String])?.count == 5)
        // Today has not ended in either site's zone: its mark says in progress, and with every ended day
        // complete or empty (ingest only, no collectors) no card counts a day as not complete.
        let cards = try #require((report["facts"] as? [String: Any])?["list"] as? [[String: Any]])
        #expect(cards.count == 2)
        for card in cards {
            let marks = try #require(card["recent"] as? [[String]])
            #expect(marks.last?.last == "in_progress", "\(card)")
            #expect(marks.dropLast().allSatisfy { $0.last == "complete" || $0.last == "empty" }, "\(card)")
            #expect(card["open"] as? Int == 0, "\(card)")
            #expect((card["note"] as? String ?? "").hasSuffix("today in progress"), "\(card)")
            #expect(card["warned"] as? Bool == false, "\(card)")
        }
        // The 30 days that end today are complete up to yesterday: in progress, not an alert; past ranges are complete.
        let badges = try #require((report["facts"] as? [String: Any])?["badges"] as? [String: String])
        #expect(badges == ["default": "going", "7 days": "going", "custom": "complete", "day": "complete"], "\(badges)")
    }

    /// With one region killed and one hung (SIGSTOP) the server still answers
    /// from the third, with the same bytes.
    @Test func answersWithTwoOfThreeRegionsDown() async throws {
        try await ChaosTests.withRig { rig in
            let lines = rig.events(0..<400).map(\.line)
            try (lines.joined(separator: "\n") + "\n").write(
                toFile: rig.work.path + "/events.ndjson", atomically: true, encoding: .utf8)
            let ingest = try await rig.tidemark(["ingest", rig.work.path + "/events.ndjson"])
            #expect(ingest.status == 0, "\(ingest.stderr)")
            let build = try await rig.backfill()
            #expect(build.status == 0, "\(build.stderr)")
            let server = try await ServeProcess(
                in: rig.work.path, args: ["--config", rig.work.path + "/tidemark.yml"], environment: rig.env)
            defer { server.stop() }
            let path = "/api/v1/report?site=example.com&from=\(rig.day)&to=\(rig.day)"
            let before = try await server.get(path)
            #expect(before.status == 200, "\(before.text)")
            #expect(before.text.contains("\"pageviews\": 400"))
            let eu = try #require(rig.cluster.region("eu"))
            let us = try #require(rig.cluster.region("us"))
            eu.kill()
            us.pause()
            defer { us.resume() }
            for _ in 0..<2 {
                let after = try await server.get(path)
                #expect(after.status == 200, "\(after.text)")
                #expect(after.body == before.body)
                let day = try await server.get("/api/v1/daily?site=example.com&date=\(rig.day)")
                #expect(day.status == 200, "\(day.text)")
                #expect(try await server.get("/api/v1/sites").status == 200)
                #expect(try await server.get("/").status == 200)
            }
        }
    }
}
