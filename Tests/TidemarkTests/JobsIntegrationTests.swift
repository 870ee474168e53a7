import Foundation
import Testing
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// `tidemark backfill` and `run` through the built binary: from three real
/// SeaweedFS regions with two of them dead or hung, and catch-up with cron's
/// `run` over local regions.
@Suite("Report jobs end to end", .serialized)
struct JobsIntegrationTests {
    @Test func reportsComeOutWithOneRegionKilledAndOneHung() async throws {
        let cluster = try await SeaweedCluster.start()
        let work = try TempDir("jobs-e2e")
        defer { work.cleanup() }
        do {
            let bucket = uniqueBucket("rep")
            var env: [String: String] = [:]
            var yaml = "prefix: tm\nspool: \(work.path)/spool\njobs: \(Self.jobsDir)\nreports:\n  local_dir: \(work.path)/reports\nregions:\n"
            yaml += try await cluster.regionsYAML(bucket: bucket, env: &env)
            try yaml.write(toFile: work.path + "/tidemark.yml", atomically: true, encoding: .utf8)
            let input = TestEvents.lines(count: 3000, seed: 11, sites: ["example.com"])
            try (input.joined(separator: "\n") + "\n").write(toFile: work.path + "/ev.ndjson", atomically: true, encoding: .utf8)
            let ingest = try await BinaryRunner.run(["ingest", "ev.ndjson"], in: work.path, environment: env)
            #expect(ingest.status == 0, "\(ingest.stderr)")

            let clean = try await BinaryRunner.run(
                ["backfill", "--job", "daily", "--from", "2026-11-26", "--to", "2026-11-26"], in: work.path, environment: env)
            #expect(clean.status == 0, "\(clean.stderr)")
            let reportPath = work.path + "/reports/daily/site=example.com/date=2026-11-26/report.json"
            let expected = try Data(contentsOf: URL(fileURLWithPath: reportPath))
            try FileManager.default.removeItem(atPath: work.path + "/reports")

            let eu = try #require(cluster.region("eu"))
            let us = try #require(cluster.region("us"))
            eu.kill()
            us.pause()
            let degraded = try await BinaryRunner.run(
                ["backfill", "--job", "daily", "--from", "2026-11-26", "--to", "2026-11-26", "--force"], in: work.path,
                environment: env)
            print("backfill with eu killed and us hung took \(String(format: "%.1f", degraded.seconds)) s")
            #expect(degraded.status == 0, "\(degraded.stderr)")
            #expect(degraded.stderr.contains("regions_behind=eu,us"), "\(degraded.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: reportPath)) == expected)

            us.resume()
            try await eu.restart()
            let after = try await BinaryRunner.run(
                ["backfill", "--job", "daily", "--from", "2026-11-26", "--to", "2026-11-26"], in: work.path, environment: env)
            #expect(after.status == 0, "\(after.stderr)")
            #expect(after.stdout.contains("0 failed"))
            for r in cluster.regions {
                let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
                let got = try await store.get("tm/reports/daily/site=example.com/date=2026-11-26/report.json")
                #expect(Data(got.bytes) == expected)
            }
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    @Test func runCatchesUpMissedWindowsThenHasNothingToDo() async throws {
        let work = try TempDir("run")
        defer { work.cleanup() }
        try FileManager.default.copyItem(atPath: Self.jobsDir, toPath: work.path + "/Jobs")
        let input = TestEvents.lines(count: 1000, seed: 12, sites: ["example.com"])
        try (input.joined(separator: "\n") + "\n").write(toFile: work.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        #expect(try await BinaryRunner.run(["ingest", "ev.ndjson"], in: work.path).status == 0)
        // Cron was down for two days; the first run catches up by itself.
        let first = try await BinaryRunner.run(
            ["run", "--now", "2026-11-28T07:00:00Z", "--metrics-file", "textfile/tidemark.prom"], in: work.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("daily: 1 built"))
        #expect(first.stdout.contains("hourly: 4 built"))
        // The same outcome for node-exporter's textfile collector, as a real parser reads it.
        let text = try String(contentsOfFile: work.path + "/textfile/tidemark.prom", encoding: .utf8)
        var values: [String: Double] = [:]
        for family in try await MetricsDocumentationTests.parse(text) {
            for s in family.samples {
                values[s.name + "{" + s.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"] = s.value
            }
        }
        #expect(values["tidemark_job_last_run_windows{job=daily,outcome=built}"] == 1)
        #expect(values["tidemark_job_last_run_windows{job=hourly,outcome=built}"] == 4)
        #expect(values["tidemark_job_last_run_windows{job=hourly,outcome=failed}"] == 0)
        for job in ["daily", "hourly", "repair"] {
            #expect(values["tidemark_job_last_run_success{job=\(job)}"] == 1, "\(job)")
            #expect((values["tidemark_job_last_run_timestamp_seconds{job=\(job)}"] ?? 0) > 1_700_000_000, "\(job)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path + "/textfile") == ["tidemark.prom"])
        #expect(FileManager.default.fileExists(atPath: work.path + "/tidemark-data/reports/daily/site=example.com/date=2026-11-26/report.html"))
        let second = try await BinaryRunner.run(["run", "--now", "2026-11-28T07:05:00Z"], in: work.path)
        #expect(second.status == 0)
        #expect(second.stdout.contains("daily: 0 built"))
        #expect(second.stdout.contains("hourly: 0 built"))
        // Sharded runs split the same work with no overlap.
        let s1 = try await BinaryRunner.run(["backfill", "--job", "hourly", "--from", "2026-11-26", "--to", "2026-11-26", "--force", "--verbose", "--shard", "1/2", "--site", "example.com"], in: work.path)
        let s2 = try await BinaryRunner.run(["backfill", "--job", "hourly", "--from", "2026-11-26", "--to", "2026-11-26", "--force", "--verbose", "--shard", "2/2", "--site", "example.com"], in: work.path)
        let count = { (r: BinaryRunner.Result) in r.stderr.split(separator: "\n").filter { $0.contains(" job=hourly ") }.count }
        #expect(count(s1) + count(s2) == 24)
        #expect(count(s1) > 0 && count(s2) > 0)
    }

    static var jobsDir: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Jobs").path
    }
}
