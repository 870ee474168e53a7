import Foundation
import Testing

/// `tidemark status` through the built binary.
@Suite("Status command")
struct StatusCommandTests {
    @Test func showsWhatARegionLacksAndJobRuns() async throws {
        let dir = try TempDir("status")
        defer { dir.cleanup() }
        try FileManager.default.copyItem(atPath: JobsIntegrationTests.jobsDir, toPath: dir.path + "/Jobs")
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let lines = TestEvents.lines(count: 200, sites: ["example.com"], day: today)
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        #expect(try await BinaryRunner.run(["ingest", "ev.ndjson"], in: dir.path).status == 0)
        #expect(try await BinaryRunner.run(["backfill", "--job", "daily", "--from", today, "--to", today], in: dir.path).status == 0)
        // us loses its events for the day.
        try FileManager.default.removeItem(atPath: dir.path + "/tidemark-data/regions/us/tidemark/events")
        let r = try await BinaryRunner.run(["status", "--json"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let schemaErrors = try await SchemaTests.validate("status.v1.schema.json", ["status.json": r.stdout])
        #expect(schemaErrors["status.json"] == [], "\(schemaErrors)")
        let regions = try #require(json["regions"] as? [[String: Any]])
        #expect(regions.map { $0["name"] as? String } == ["eu", "us", "ap"])
        let eu = regions[0]["segments"] as? Int ?? 0
        #expect(eu > 0)
        #expect(regions[1]["segments"] as? Int == 0)
        #expect(regions[1]["lacks_segments"] as? Int == eu)
        let jobs = try #require(json["jobs"] as? [[String: Any]])
        #expect(jobs.first?["job"] as? String == "daily")
        #expect(jobs.first?["ok"] as? Bool == true)
        #expect((json["alerts"] as? [Any])?.isEmpty == true)
        // The embedded default's sites and their zones.
        let sites = try #require(json["sites"] as? [[String: Any]])
        #expect(sites.map { $0["site"] as? String } == ["example.com", "shop.example.com"])
        #expect(sites.map { $0["time_zone"] as? String } == ["UTC", "Europe/Amsterdam"])
        let table = try await BinaryRunner.run(["status"], in: dir.path)
        #expect(table.stdout.contains("LACKS"))
        #expect(table.stdout.contains("Europe/Amsterdam"))
        #expect(table.stdout.contains("all well"))
    }

    @Test func unreachableRegionNeedsAPersonOnlyAfterTheThreshold() async throws {
        let dir = try TempDir("status-down")
        defer { dir.cleanup() }
        try """
        regions:
          - name: eu
            endpoint: file://\(dir.path)/eu
          - name: gone
            endpoint: http://127.0.0.1:9
            bucket: b
            access_key_env: TM_K
            secret_key_env: TM_S
            connect_timeout_ms: 500
        spool: \(dir.path)/spool
        """.write(toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        let env = ["TM_K": "k", "TM_S": "s"]
        let first = try await BinaryRunner.run(["status", "--config", "tm.yml"], in: dir.path, environment: env)
        #expect(first.status == 0, "a region down for a moment pages nobody")
        #expect(first.stdout.contains("NO"))
        let later = try await BinaryRunner.run(
            ["status", "--config", "tm.yml", "--unreachable-after", "0s"], in: dir.path, environment: env)
        #expect(later.status == 2)
        #expect(later.stdout.contains("region gone unreachable"))
    }
}
