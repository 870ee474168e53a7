import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
import TidemarkStore

/// The stored state objects: one `Codable` type each, the bytes they are
/// stored as, and readers that fail closed on what they cannot decode.
@Suite("State objects")
struct StateObjectTests {
    @Test func watermarkBytesAreTheStoredShape() throws {
        let mark = CollectorWatermark(collector: "c1", site: "example.com", millis: 1_795_000_000_123)
        let text = #"{"collector":"c1","site":"example.com","watermark":"2026-11-18T11:06:40.123Z"}"# + "\n"
        #expect(String(decoding: mark.bytes, as: UTF8.self) == text)
        #expect(try StateJSON.decode(CollectorWatermark.self, from: Array(text.utf8), key: "k") == mark)
        #expect(mark.key(in: BucketLayout(prefix: "tm")) == "tm/watermarks/site=example.com/collector=c1.json")
    }

    @Test func repairHintBytesAreTheStoredShape() throws {
        let hint = RepairHint(key: "tm/events/site=a.com/date=2026-11-26/hour=07/x.ndjson.gz", region: "us")
        let text = #"{"key":"tm/events/site=a.com/date=2026-11-26/hour=07/x.ndjson.gz","region":"us"}"# + "\n"
        #expect(String(decoding: StateJSON.encode(hint), as: UTF8.self) == text)
        #expect(RepairHint.hintKey(for: hint.key, in: BucketLayout(prefix: "tm")).hasPrefix("tm/state/repair-hints/"))
    }

    @Test(arguments: [
        (#"{"collector":"c1","site":"a.com"}"#, "watermark is missing"),
        (#"{"collector":"c1","site":"a.com","watermark":"soon"}"#, "watermark"),
        (#"{"collector":1,"site":"a.com","watermark":"2026-11-18T11:06:40.123Z"}"#, "collector"),
        ("not json", "the document"),
    ])
    func badWatermarksAreTypedErrorsNamingKeyRegionAndField(_ body: String, _ says: String) {
        let error = #expect(throws: StateError.self) {
            try StateJSON.decode(CollectorWatermark.self, from: Array(body.utf8), key: "tm/watermarks/site=a.com/collector=c1.json", region: "eu")
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("tm/watermarks/site=a.com/collector=c1.json in region eu"), "\(text)")
        #expect(text.contains(says), "\(text)")
    }

    /// A watermark no region can decode holds every window back (fail
    /// closed): the collector it belongs to might not have sealed the window yet.
    @Test func anUndecodableWatermarkMakesNoWindowComplete() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 50, sites: ["example.com"]))
        let end = CompletenessTests.end
        for s in f.stores { try await CompletenessTests.publish(s, collector: "c1", millis: end + 1000) }
        let body = Array("{\"collector\":\"c2\",\"site\":\"example.com\",\"watermark\":".utf8)
        for s in f.stores {
            _ = try await s.put(
                "tm/watermarks/site=example.com/collector=c2.json", bytes: body, sha256: Checksum.sha256Hex(body),
                contentType: "application/json", ifAbsent: false)
        }
        let runner = JobRunner(prefix: "tm", regions: f.regions, localDir: nil, nowMillis: end + 600_000)
        let results = await runner.run([CompletenessTests.window], formats: [.json], force: false) { _ in }
        #expect(results.map(\.status) == [.built])
        #expect(results.first?.complete == false)
    }

    @Test func unreachableMemoryRoundTripsAndRefusesGarbage() throws {
        let dir = try TempDir("unreachable")
        defer { dir.cleanup() }
        let path = dir.path + "/state/unreachable.json"
        var memory = try UnreachableMemory(path: path)
        #expect(memory.update(region: "us", reachable: false, nowMillis: 5) == 5)
        #expect(memory.update(region: "eu", reachable: true, nowMillis: 5) == nil)
        try memory.save()
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "{\"us\":5}\n")
        var again = try UnreachableMemory(path: path)
        #expect(again.update(region: "us", reachable: false, nowMillis: 9) == 5)
        try Data("{\"us\":\"five\"}".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StateError.self) { try UnreachableMemory(path: path) }
        #expect(error.map { "\($0)" }?.contains(path) == true)
    }

    /// `status` reports state it cannot read as alerts instead of leaving it out,
    /// and its JSON is the snapshot encoded.
    @Test func statusAlertsOnUnreadableStateAndEncodesItsSnapshot() async throws {
        let dir = try TempDir("status-state")
        defer { dir.cleanup() }
        let stores: [any ObjectStore] = ["eu", "us"].map { FileStore(name: $0, root: dir.path + "/regions/" + $0) }
        let regions = RegionSet(stores)
        let config = TidemarkConfiguration.embeddedDefault(base: dir.path)
        let layout = BucketLayout(prefix: config.prefix)
        await JobRunRecord.save(JobRunRecord(job: "daily", finishedMillis: 1000, ok: true, built: 2), prefix: config.prefix, regions: regions)
        let garbage = Array("{\"job\":\"hourly\"}".utf8)
        let mark = CollectorWatermark(collector: "c1", site: "example.com", millis: 2000)
        for s in stores {
            _ = try await s.put(layout.jobRecord(job: "hourly"), bytes: garbage, sha256: Checksum.sha256Hex(garbage), contentType: "application/json", ifAbsent: false)
            _ = try await s.put(mark.key(in: layout), bytes: mark.bytes, sha256: Checksum.sha256Hex(mark.bytes), contentType: "application/json", ifAbsent: false)
        }
        let snap = await StatusProbe.gather(
            config: config, stores: stores, days: 1, nowMillis: 86_400_000,
            thresholds: .init(unreachableAfterMs: 600_000, queueAgeAfterMs: 3_600_000, failedRuns: 2))
        #expect(snap.jobs.map(\.job) == ["daily"])
        #expect(snap.alerts.count == 1)
        #expect(snap.alerts.first?.contains(layout.jobRecord(job: "hourly")) == true, "\(snap.alerts)")
        #expect(snap.watermarks == [mark])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(snap.json.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["now", "days", "sites", "regions", "watermarks", "jobs", "alerts"])
        #expect(json["now"] as? String == "1970-01-02T00:00:00.000Z")
        let region = try #require((json["regions"] as? [[String: Any]])?.first)
        #expect(region["name"] as? String == "eu")
        #expect(region["oldest_queued"] is NSNull && region["unreachable_since"] is NSNull && region["error"] is NSNull)
        let marks = try #require(json["watermarks"] as? [[String: Any]])
        #expect(marks.first?["watermark"] as? String == "1970-01-01T00:00:02.000Z")
        let jobs = try #require(json["jobs"] as? [[String: Any]])
        #expect(jobs.first?["built"] as? Int == 2)
    }

    /// The manifest's one type: what its writer encodes (pretty JSON, pinned
    /// by the golden tests) decodes back to the same value, and a manifest
    /// from before zones reads as one.
    @Test func manifestsReadBackAsWritten() throws {
        let window = ReportWindow.daily(site: "a.com", day: BucketLayoutTests.day)
        let manifest = ReportManifest(
            window: window, segments: [ManifestSegment(key: "tm/events/b", sha256: "22"), ManifestSegment(key: "tm/events/a", sha256: "11")],
            complete: false)
        let read = try StateJSON.decode(ReportManifest.self, from: manifest.jsonBytes, key: "k")
        #expect(read == manifest)
        #expect(read.segments.map(\.key) == ["tm/events/a", "tm/events/b"] && read.window.timeZone == "UTC")
        #expect(read.manifestVersion == 2)
        let v1 = try StateJSON.decode(
            ReportManifest.self, from: Array(#"{"site":"a.com","window":{"kind":"daily","start":"2026-11-26T00:00:00Z","end":"2026-11-27T00:00:00Z"},"segments":[]}"#.utf8),
            key: "k")
        #expect(v1.manifestVersion == 1 && v1.window.timeZone == nil && v1.complete && v1.lookback.isEmpty)
    }

    static let manifestKey = "tm/reports/daily/site=a.com/date=2026-11-26/manifest.json"

    @Test(arguments: [
        (#"{"window":{"kind":"daily","start":"a","end":"b"}}"#, "site is missing"),
        (#"{"manifest_version":2,"site":"a.com","window":{"kind":"yearly","start":"a","end":"b"}}"#, "window.kind"),
        (#"{"manifest_version":2,"site":"a.com","window":{"kind":"daily","end":"b"}}"#, "window.start is missing"),
        (#"{"manifest_version":2,"site":"a.com","window":{"kind":"daily","start":"a","end":"b"},"segments":[{"key":"k","sha256":1}]}"#,
         "segments.0.sha256"),
        (#"{"manifest_version":"2","site":"a.com","window":{"kind":"daily","start":"a","end":"b"}}"#, "manifest_version"),
        ("not json", "the document"),
    ])
    func badManifestsAreTypedErrorsNamingKeyRegionAndField(_ body: String, _ says: String) {
        let error = #expect(throws: StateError.self) {
            try StateJSON.decode(ReportManifest.self, from: Array(body.utf8), key: Self.manifestKey, region: "eu")
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains(Self.manifestKey + " in region eu"), "\(text)")
        #expect(text.contains(says), "\(text)")
    }

    @Test(arguments: [
        (#"{"manifest_version":1,"site":"a.com","window":{"kind":"weekly","start":"a","end":"b"},"complete":true}"#,
         "partials is missing"),
        (#"{"manifest_version":1,"site":"a.com","window":{"kind":"weekly","start":"a","end":"b"},"complete":"yes","partials":[]}"#,
         "complete"),
    ])
    func badPeriodManifestsAreTypedErrorsNamingTheField(_ body: String, _ says: String) {
        let error = #expect(throws: StateError.self) {
            try StateJSON.decode(PeriodManifest.self, from: Array(body.utf8), key: "tm/reports/weekly/m.json", region: "us")
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("tm/reports/weekly/m.json in region us") && text.contains(says), "\(text)")
    }

    /// A stored manifest no region can decode is never "unchanged" nor
    /// "empty": the window is rebuilt and the manifest written anew, also
    /// when the window has no segments (before, such a window was skipped as
    /// empty and kept its broken manifest).
    @Test(arguments: [true, false])
    func anUndecodableManifestIsRebuilt(withSegments: Bool) async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let window = JobRunnerTests.daily
        if withSegments {
            try await f.add(TestEvents.lines(count: 50, sites: ["example.com"]))
            #expect(await f.runner.run([window], formats: [.json], force: false) { _ in }.map(\.status) == [.built])
        }
        let key = window.key(prefix: "tm", file: .manifest)
        let broken = Array(#"{"manifest_version":2,"site":"example.com"}"#.utf8)
        for s in f.stores {
            _ = try await s.put(
                key, bytes: broken, sha256: Checksum.sha256Hex(broken), contentType: "application/json", ifAbsent: false)
        }
        let results = await f.runner.run([window], formats: [.json], force: false) { _ in }
        #expect(results.map(\.status) == [.built], "\(results.map(\.error))")
        let warning = results.first?.warning ?? ""
        #expect(warning.contains(key + " in region ") && warning.contains("window is missing"), "\(warning)")
        for i in f.stores.indices {
            let stored = try StateJSON.decode(ReportManifest.self, from: try await f.reportBytes(window, region: i, file: .manifest), key: key)
            #expect(stored.segments.isEmpty == !withSegments)
        }
        let again = await f.runner.run([window], formats: [.json], force: false) { _ in }
        #expect(again.map(\.status) == [.unchanged] && again.first?.warning == nil)
    }
}
