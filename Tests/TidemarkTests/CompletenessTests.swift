import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
import TidemarkStore

@Suite("Completeness from collectors' watermarks")
struct CompletenessTests {
    static let day = JobRunnerTests.day
    static let window = ReportWindow.daily(site: "example.com", day: day)
    static let end = window.endMillis

    @Test(arguments: [
        ([:], true),
        (["c1": end, "c2": end + 5], true),
        (["c1": end, "c2": end - 1], false),
        // c2 stopped a week ago: retired, it no longer holds the window back.
        (["c1": end + 1, "c2": end - 7 * 86_400_000], true),
    ] as [([String: Int64], Bool)])
    func windowIsCompleteWhenEveryLiveCollectorPassedItsEnd(_ marks: [String: Int64], _ complete: Bool) {
        let w = SiteWatermarks(collectors: marks)
        #expect(w.isComplete(Self.window, nowMillis: Self.end + 3_600_000, retireAfterMillis: 86_400_000) == complete)
    }

    /// A local day that has not ended at `now` (in the site's zone) is never
    /// complete, whatever the watermarks say: 26 November 2026 in
    /// America/New_York ends at 2026-11-27T05:00:00Z.
    @Test(arguments: [
        // now relative to the day's end, watermarks, complete
        (-1, [:], false),
        (-1, ["c1": 7 * 86_400_000], false),
        (-6 * 3_600_000, [:], false),
        (0, [:], true),
        (1, ["c1": 1], true),
        (-86_400_001, [:], false),
    ] as [(Int64, [String: Int64], Bool)])
    func aDayThatHasNotEndedInItsZoneIsNotComplete(_ nowFromEnd: Int64, _ ahead: [String: Int64], _ complete: Bool) throws {
        let zone = try #require(SiteZone(identifier: "America/New_York"))
        let window = ReportWindow.daily(site: "example.com", day: Self.day, zone: zone)
        #expect(Timestamp.formatMillis(window.endMillis) == "2026-11-27T05:00:00.000Z")
        let marks = SiteWatermarks(collectors: ahead.mapValues { window.endMillis + $0 })
        let now = window.endMillis + nowFromEnd
        #expect(marks.isComplete(window, nowMillis: now, retireAfterMillis: 86_400_000) == complete)
        // The next day (the future at every `now` above) never is.
        let next = ReportWindow.daily(site: "example.com", day: Self.day + 1, zone: zone)
        #expect(!marks.isComplete(next, nowMillis: now, retireAfterMillis: 86_400_000))
    }

    static func publish(_ store: any ObjectStore, collector: String, millis: Int64) async throws {
        let body = Array("{\"collector\":\"\(collector)\",\"site\":\"example.com\",\"watermark\":\"\(Timestamp.formatMillis(millis))\"}\n".utf8)
        _ = try await store.put(
            "tm/watermarks/site=example.com/collector=\(collector).json", bytes: body, sha256: Checksum.sha256Hex(body),
            contentType: "application/json", ifAbsent: false)
    }

    @Test func incompleteWindowIsRebuiltWhenTheWatermarkPassesItsEnd() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 300, sites: ["example.com"]))
        for s in f.stores { try await Self.publish(s, collector: "c1", millis: Self.end - 60_000) }
        let runner = JobRunner(prefix: "tm", regions: f.regions, localDir: nil, nowMillis: Self.end + 600_000)
        let first = await runner.run([Self.window], formats: [.json], force: false) { _ in }
        #expect(first.map(\.status) == [.built])
        #expect(first[0].complete == false)
        let json = String(decoding: try await f.reportBytes(Self.window), as: UTF8.self)
        #expect(json.contains("\"complete\": false"))
        // Same watermark: nothing to do.
        #expect(await runner.run([Self.window], formats: [.json], force: false) { _ in }.map(\.status) == [.unchanged])
        // The collector catches up: the window is rebuilt as complete.
        for s in f.stores { try await Self.publish(s, collector: "c1", millis: Self.end + 1000) }
        let later = JobRunner(prefix: "tm", regions: f.regions, localDir: nil, nowMillis: Self.end + 900_000)
        let second = await later.run([Self.window], formats: [.json], force: false) { _ in }
        #expect(second.map(\.status) == [.built])
        #expect(String(decoding: try await f.reportBytes(Self.window), as: UTF8.self).contains("\"complete\": true"))
        let manifest = String(decoding: try await f.reportBytes(Self.window, file: .manifest), as: UTF8.self)
        #expect(manifest.contains("\"complete\": true"))
    }
}
