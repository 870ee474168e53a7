import Foundation
import Testing
import TidemarkCore
import TidemarkJobs
import TidemarkReplication

/// The state objects and `status --json` against their schemas in
/// `Schemas/`, from the bytes the `Codable` types write; per schema a broken
/// document that must be rejected.
@Suite struct StateSchemaTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func expectValid(_ schema: String, good: [String: String], bad: [String: String]) async throws {
        let errors = try await SchemaTests.validate(schema, good.merging(bad) { a, _ in a })
        #expect(errors.count == good.count + bad.count)
        for name in good.keys { #expect(errors[name] == [], "\(name): \(errors[name] ?? [])") }
        for name in bad.keys { #expect(errors[name]?.isEmpty == false, "\(name) was accepted") }
    }

    @Test func watermarks() async throws {
        let mark = Self.text(CollectorWatermark(collector: "c1", site: "example.com", millis: 1_795_000_000_123).bytes)
        try await Self.expectValid(
            "watermark.v1.schema.json", good: ["mark.json": mark],
            bad: [
                "no-time.json": #"{"collector":"c1","site":"example.com"}"#,
                "epoch-number.json": mark.replacingOccurrences(of: #""2026-11-18T11:06:40.123Z""#, with: "1795000000123"),
            ])
    }

    @Test func jobRecords() async throws {
        let failed = JobRunRecord(
            job: "daily", finishedMillis: 1_795_000_000_123, ok: false, built: 1, failed: 2, consecutiveFailures: 3,
            error: "window daily/site=a.com/date=2026-11-18: no region accepted the report")
        let ok = Self.text(JobRunRecord(job: "repair", finishedMillis: 1, ok: true).bytes)
        try await Self.expectValid(
            "job-record.v1.schema.json", good: ["failed.json": Self.text(failed.bytes), "ok.json": ok],
            bad: [
                "string-count.json": ok.replacingOccurrences(of: #""built":0"#, with: #""built":"0""#),
                "no-ok.json": ok.replacingOccurrences(of: #","ok":true"#, with: ""),
            ])
    }

    @Test func repairHints() async throws {
        let hint = Self.text(StateJSON.encode(RepairHint(key: "tm/events/site=a.com/date=2026-11-18/hour=07/x.ndjson.gz", region: "us")))
        try await Self.expectValid(
            "repair-hint.v1.schema.json", good: ["hint.json": hint], bad: ["no-region.json": #"{"key":"k"}"#])
    }

    @Test func statusJSON() async throws {
        var snap = StatusSnapshot(nowMillis: 1_795_000_000_123, days: ["2026-11-17", "2026-11-18"])
        var up = StatusSnapshot.Region(name: "eu", reachable: true, latencyMs: 3)
        up.segments = 12
        up.bytes = 4096
        up.queued = 1
        up.oldestQueued = "tm/events/site=a.com/date=2026-11-18/hour=07/x.ndjson.gz"
        var down = StatusSnapshot.Region(name: "us", reachable: false, latencyMs: 500)
        down.error = "connect timeout"
        down.unreachableSinceMillis = 1_794_999_000_000
        snap.regions = [up, down]
        snap.sites = [.init(name: "example.com", zone: .utc)]
        snap.watermarks = [CollectorWatermark(collector: "c1", site: "example.com", millis: 1_795_000_000_000)]
        snap.jobs = [JobRunRecord(job: "daily", finishedMillis: 1_794_990_000_000, ok: true, built: 2)]
        snap.alerts = ["region us unreachable for 16m"]
        let json = snap.json
        try await Self.expectValid(
            "status.v1.schema.json", good: ["status.json": json, "empty.json": StatusSnapshot(nowMillis: 0, days: ["1970-01-01"]).json],
            bad: [
                "no-error-field.json": json.replacingOccurrences(of: #","error":null"#, with: ""),
                "bad-job.json": json.replacingOccurrences(of: #""job":"daily""#, with: #""job":"daily","extra":1"#),
            ])
    }
}
