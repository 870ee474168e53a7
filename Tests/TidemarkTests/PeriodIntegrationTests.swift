import Foundation
import Testing
import TidemarkCore

/// `tidemark report` and the weekly and monthly jobs through the built
/// binary, over the embedded default's three local-directory regions.
@Suite("Period reports end to end", .serialized)
struct PeriodIntegrationTests {
    /// Events of `site` on each of `days`, `perDay` a day, ids unique per seed and day.
    static func ingest(_ days: [String], perDay: Int, seed: UInt64, in work: TempDir, site: String = "example.com")
        async throws
    {
        var lines: [String] = []
        for (i, day) in days.enumerated() {
            lines += TestEvents.lines(count: perDay, seed: seed &+ UInt64(i) &* 7919, sites: [site], day: day)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: work.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "ev.ndjson"], in: work.path)
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static func regionPath(_ work: TempDir, _ region: String, _ key: String) -> String {
        work.path + "/tidemark-data/regions/\(region)/tidemark/" + key
    }

    @Test func reportBuildsMissingDaysAndPrintsTheStoredBytes() async throws {
        let work = try TempDir("period-report")
        defer { work.cleanup() }
        try await Self.ingest(["2026-11-24", "2026-11-26"], perDay: 400, seed: 5, in: work)
        // No daily report exists yet: the range builds its days first.
        let printed = try await BinaryRunner.run(
            ["report", "--site", "example.com", "--from", "2026-11-23", "--to", "2026-11-27"], in: work.path)
        #expect(printed.status == 0, "\(printed.stderr)")
        for day in ["2026-11-24", "2026-11-26"] {
            let folder = "reports/daily/site=example.com/date=\(day)/"
            for file in ["report.json", "manifest.json", "partial.json.gz"] {
                #expect(FileManager.default.fileExists(atPath: Self.regionPath(work, "eu", folder + file)), "\(folder)\(file)")
            }
        }
        let json = try #require(JSONValue.parse(Array(printed.stdout.utf8)))
        #expect(json["window"]?["kind"]?.string == "range")
        #expect(json["window"]?["visitors_are"]?.string == "daily_distinct_sum")
        #expect(json["totals"]?["pageviews"]?.int64 == 800)
        #expect(json["series"]?.array?.count == 5)
        #expect(json["series"]?.array?.map { $0["pageviews"]?.int64 ?? -1 } == [0, 400, 0, 400, 0])
        // The sum of the two daily reports' visitors, each day counted on its own.
        var dailyVisitors: Int64 = 0
        for day in ["2026-11-24", "2026-11-26"] {
            let daily = try Self.read(Self.regionPath(work, "eu", "reports/daily/site=example.com/date=\(day)/report.json"))
            dailyVisitors += JSONValue.parse(Array(daily))?["totals"]?["visitors"]?.int64 ?? -1
        }
        #expect(json["totals"]?["visitors"]?.int64 == dailyVisitors)

        // --out writes the same bytes that were printed, and nothing is rebuilt.
        let written = try await BinaryRunner.run(
            ["report", "--site", "example.com", "--from", "2026-11-23", "--to", "2026-11-27", "--out", "out",
             "--format", "json", "--format", "html", "--format", "csv"], in: work.path)
        #expect(written.status == 0, "\(written.stderr)")
        let dir = work.path + "/out/range/site=example.com/from=2026-11-23/to=2026-11-27/"
        #expect(String(decoding: try Self.read(dir + "report.json"), as: UTF8.self) == printed.stdout)
        let html = String(decoding: try Self.read(dir + "report.html"), as: UTF8.self)
        #expect(html.contains("Range traffic report"))
        #expect(html.contains("Traffic per day"))
        #expect(try Self.read(dir + "report.csv").count > 0)

        let bad = try await BinaryRunner.run(
            ["report", "--site", "example.com", "--from", "2026-11-27", "--to", "2026-11-23"], in: work.path)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("after"))

        for command in ["report", "backfill"] {
            let args = command == "report" ? ["report"] : ["backfill", "--job", "daily"]
            let unknown = try await BinaryRunner.run(
                args + ["--site", "exmaple.com", "--from", "2026-11-23", "--to", "2026-11-27"], in: work.path)
            #expect(unknown.status != 0, "\(command)")
            #expect(unknown.stderr.contains("--site exmaple.com: not a configured site"), "\(unknown.stderr)")
            #expect(unknown.stdout.isEmpty)
        }
    }

    @Test func aLateSegmentRebuildsItsDayWeekAndMonthAndNothingElse() async throws {
        let work = try TempDir("period-run")
        defer { work.cleanup() }
        try FileManager.default.copyItem(atPath: JobsIntegrationTests.jobsDir, toPath: work.path + "/Jobs")
        try await Self.ingest(["2026-11-25", "2026-11-26", "2026-11-27"], perDay: 300, seed: 9, in: work)
        let first = try await BinaryRunner.run(["run", "--now", "2026-12-02T07:00:00Z"], in: work.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("daily: 3 built"), "\(first.stdout)")
        #expect(first.stdout.contains("weekly: 1 built"), "\(first.stdout)")
        #expect(first.stdout.contains("monthly: 1 built"), "\(first.stdout)")
        let reports = work.path + "/tidemark-data/reports/"
        let week = reports + "weekly/site=example.com/week=2026-W48/"
        let month = reports + "monthly/site=example.com/month=2026-11/"
        let monthJSON = try Self.read(month + "report.json")
        #expect(JSONValue.parse(Array(monthJSON))?["totals"]?["pageviews"]?.int64 == 900)
        let manifest = try #require(JSONValue.parse(Array(try Self.read(month + "manifest.json"))))
        #expect(manifest["partials"]?.array?.count == 3)

        let again = try await BinaryRunner.run(["run", "--now", "2026-12-02T07:05:00Z"], in: work.path)
        #expect(again.status == 0, "\(again.stderr)")
        for job in ["daily", "hourly", "weekly", "monthly"] { #expect(again.stdout.contains("\(job): 0 built"), "\(again.stdout)") }

        // A late segment for 26 November.
        try await Self.ingest(["2026-11-26"], perDay: 10, seed: 1234, in: work)
        let late = try await BinaryRunner.run(["run", "--now", "2026-12-02T07:10:00Z"], in: work.path)
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.contains("daily: 1 built"), "\(late.stdout)")
        #expect(late.stdout.contains("hourly: 0 built"), "\(late.stdout)")
        #expect(late.stdout.contains("weekly: 1 built"), "\(late.stdout)")
        #expect(late.stdout.contains("monthly: 1 built"), "\(late.stdout)")
        #expect(JSONValue.parse(Array(try Self.read(month + "report.json")))?["totals"]?["pageviews"]?.int64 == 910)
        #expect(JSONValue.parse(Array(try Self.read(week + "report.json")))?["totals"]?["pageviews"]?.int64 == 910)

        // --force rebuilds every file with the same bytes.
        let before = try [week, month].flatMap { dir in
            try ["report.json", "report.csv", "report.html", "manifest.json"].map { try Self.read(dir + $0) }
        }
        for job in ["weekly", "monthly"] {
            let forced = try await BinaryRunner.run(
                ["backfill", "--job", job, "--from", "2026-11-26", "--to", "2026-11-26", "--force",
                 "--now", "2026-12-02T07:15:00Z"], in: work.path)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(forced.stdout.contains("\(job): 1 built"), "\(forced.stdout)")
        }
        let after = try [week, month].flatMap { dir in
            try ["report.json", "report.csv", "report.html", "manifest.json"].map { try Self.read(dir + $0) }
        }
        #expect(before == after)
    }

    @Test func aCorruptPartialIsReadFromAnotherRegionAndRepaired() async throws {
        let work = try TempDir("period-corrupt")
        defer { work.cleanup() }
        try await Self.ingest(["2026-11-26"], perDay: 300, seed: 21, in: work)
        let args = ["report", "--site", "example.com", "--from", "2026-11-26", "--to", "2026-11-26"]
        let clean = try await BinaryRunner.run(args, in: work.path)
        #expect(clean.status == 0, "\(clean.stderr)")
        let key = "reports/daily/site=example.com/date=2026-11-26/partial.json.gz"
        let eu = Self.regionPath(work, "eu", key)
        let good = try Self.read(eu)
        var damaged = good
        damaged[damaged.count / 2] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: eu))

        let degraded = try await BinaryRunner.run(args, in: work.path)
        #expect(degraded.status == 0, "\(degraded.stderr)")
        #expect(degraded.stdout == clean.stdout)
        let hints = try FileManager.default.contentsOfDirectory(
            atPath: work.path + "/tidemark-data/regions/eu/tidemark/state/repair-hints")
        #expect(!hints.filter { $0.hasSuffix(".json") }.isEmpty)

        let repair = try await BinaryRunner.run(["repair"], in: work.path)
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(try Self.read(eu) == good)
    }

    /// A local-directory region plus one S3 region nothing listens on.
    static func oneRegionDown(_ work: TempDir) throws -> [String: String] {
        try """
        regions:
          - name: eu
            endpoint: file://\(work.path)/eu
          - name: dead
            endpoint: http://127.0.0.1:9
            bucket: b
            access_key_env: TM_K
            secret_key_env: TM_S
            connect_timeout_ms: 500
        spool: \(work.path)/spool
        """.write(toFile: work.path + "/tm.yml", atomically: true, encoding: .utf8)
        return ["TM_K": "k", "TM_S": "s", "TIDEMARK_CONFIG": work.path + "/tm.yml"]
    }

    @Test func weeksAndMonthsAreBuiltFromTheAnsweringRegionsWithOneRegionDown() async throws {
        let work = try TempDir("period-dead-region")
        defer { work.cleanup() }
        let env = try Self.oneRegionDown(work)
        var lines: [String] = []
        for (i, day) in ["2026-11-24", "2026-11-26"].enumerated() {
            lines += TestEvents.lines(count: 300, seed: 40 &+ UInt64(i), sites: ["example.com"], day: day)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: work.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        _ = try await BinaryRunner.run(["ingest", "--config", "tm.yml", "ev.ndjson"], in: work.path, environment: env)
        let eu = work.path + "/eu/tidemark/"
        #expect(FileManager.default.fileExists(atPath: eu + "events/site=example.com"), "the answering region has the events")

        // Weeks W46-W48 and months 2026-10 and 2026-11: days with and without data, the dead region unreachable.
        let run = try await BinaryRunner.run(
            ["run", "--config", "tm.yml", "--job", "daily", "--job", "weekly", "--job", "monthly",
             "--now", "2026-12-02T07:00:00Z"], in: work.path, environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("daily: 1 built, 0 unchanged, 6 without data, 0 failed"), "\(run.stdout)")
        #expect(run.stdout.contains("weekly: 1 built, 0 unchanged, 2 without data, 0 failed"), "\(run.stdout)")
        #expect(run.stdout.contains("monthly: 1 built, 0 unchanged, 1 without data, 0 failed"), "\(run.stdout)")
        let week = try #require(JSONValue.parse(Array(try Self.read(eu + "reports/weekly/site=example.com/week=2026-W48/report.json"))))
        #expect(week["totals"]?["pageviews"]?.int64 == 600)
        #expect(week["series"]?.array?.map { $0["pageviews"]?.int64 ?? -1 } == [0, 300, 0, 300, 0, 0, 0])
        let month = try #require(JSONValue.parse(Array(try Self.read(eu + "reports/monthly/site=example.com/month=2026-11/report.json"))))
        #expect(month["totals"]?["pageviews"]?.int64 == 600)
        #expect(month["series"]?.array?.count == 30)
        let manifest = try #require(JSONValue.parse(Array(try Self.read(eu + "reports/monthly/site=example.com/month=2026-11/manifest.json"))))
        #expect(manifest["partials"]?.array?.count == 2)

        // The same period on demand, and a range of days without any data.
        let range = try await BinaryRunner.run(
            ["report", "--config", "tm.yml", "--site", "example.com", "--from", "2026-11-01", "--to", "2026-11-30"],
            in: work.path, environment: env)
        #expect(range.status == 0, "\(range.stderr)")
        #expect(JSONValue.parse(Array(range.stdout.utf8))?["totals"]?["pageviews"]?.int64 == 600)
        let none = try await BinaryRunner.run(
            ["report", "--config", "tm.yml", "--site", "example.com", "--from", "2026-09-01", "--to", "2026-09-07"],
            in: work.path, environment: env)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(JSONValue.parse(Array(none.stdout.utf8))?["totals"]?["pageviews"]?.int64 == 0)
    }
}
