import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// The promise Tidemark exists for, against three real SeaweedFS regions:
/// regions die, hang, rot and fail while traffic flows and reports are built,
/// and in the end every acknowledged event is counted exactly once, every
/// region holds the same segments, and reports equal a clean build's.
@Suite("Chaos", .serialized)
struct ChaosTests {
    /// Every acknowledged id appears exactly once in every region, and the
    /// regions hold identical segment sets.
    static func expectWhole(_ rig: ChaosRig, acked: [String]) async throws -> [String] {
        let all = try await rig.contents()
        let sets = all.values.map { Set($0.keys) }
        #expect(sets.count == 3)
        #expect(sets.allSatisfy { $0 == sets.first }, "regions hold different segment sets")
        let ids = (all["eu"] ?? [:]).values.flatMap { $0 }
        var counts: [String: Int] = [:]
        for id in ids { counts[id, default: 0] += 1 }
        let missing = acked.filter { counts[$0] == nil }
        #expect(missing.isEmpty, "acknowledged events missing: \(missing.prefix(5))")
        #expect(counts.values.allSatisfy { $0 == 1 }, "an event is stored twice")
        return ids
    }

    /// Every region holds exactly the same objects with the same bytes:
    /// segments, reports, manifests, job records, watermarks.
    static func expectSameObjects(_ rig: ChaosRig) async throws {
        let all = try await rig.objects()
        let eu = all["eu"] ?? [:]
        #expect(eu.keys.contains { $0.hasPrefix("tm/state/jobs/") }, "no job record to compare")
        for (region, objects) in all where region != "eu" {
            let differing = Set(eu.keys).union(objects.keys).filter { eu[$0] != objects[$0] }.sorted()
            #expect(differing.isEmpty, "eu and \(region) differ in \(differing.count) object(s): \(differing.prefix(5))")
        }
    }

    /// Runs `body` on a fresh rig and stops its servers whatever happens.
    static func withRig(proxyRegion: String? = nil, _ body: (ChaosRig) async throws -> Void) async throws {
        let rig = try await ChaosRig(proxyRegion: proxyRegion)
        do {
            try await body(rig)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
    }

    static func expectReportsEqualCleanBuild(_ rig: ChaosRig, ids: [String], sent: [(id: String, line: String)]) async throws {
        let stored = Set(ids)
        let clean = try await rig.cleanReport(of: sent.filter { stored.contains($0.id) }.map(\.line))
        for region in ["eu", "us", "ap"] {
            let got = try await rig.report(region)
            #expect(ChaosRig.comparable(got) == ChaosRig.comparable(clean), "region \(region)'s report differs from a clean build")
        }
        let json = String(decoding: clean, as: UTF8.self)
        #expect(json.contains("\"pageviews\": \(stored.count)"))
    }

    @Test func twoRegionsKilledThenBackWipedAndRepaired() async throws {
        try await Self.withRig { rig in
            let events = rig.events(0..<600)
            let c = try await rig.collector()
            var acked = await rig.send(Array(events[0..<200]), to: c)
            let eu = try #require(rig.cluster.region("eu"))
            let us = try #require(rig.cluster.region("us"))
            eu.kill()
            us.kill()
            acked += await rig.send(Array(events[200..<600]), to: c)
            #expect(acked.count == 600, "traffic stopped flowing with two regions dead")
            await c.terminate()
            // Reports come out from the survivor.
            let build = try await rig.backfill()
            #expect(build.status == 0, "\(build.stderr)")
            #expect(String(decoding: try await rig.report("ap"), as: UTF8.self).contains("\"pageviews\": 600"))
            // They return with nothing at all.
            try eu.wipeData()
            try us.wipeData()
            try await eu.restart()
            try await us.restart()
            let repair = try await rig.tidemark(["repair"])
            #expect(repair.status == 0, "\(repair.stdout)\(repair.stderr)")
            let flush = try await rig.tidemark(["flush"])
            #expect(flush.status == 0, "\(flush.stderr)")
            let ids = try await Self.expectWhole(rig, acked: acked)
            try await Self.expectReportsEqualCleanBuild(rig, ids: ids, sent: events)
            // Not only events and reports: job records and watermarks too.
            try await Self.expectSameObjects(rig)
        }
    }

    @Test func twoRegionsHungThenResumed() async throws {
        try await Self.withRig { rig in
            let events = rig.events(0..<300, seed: 2)
            let c = try await rig.collector()
            let eu = try #require(rig.cluster.region("eu"))
            let ap = try #require(rig.cluster.region("ap"))
            eu.pause()
            ap.pause()
            let acked = await rig.send(events, to: c)
            #expect(acked.count == 300, "hung regions held up acknowledgements")
            await c.terminate()
            let build = try await rig.backfill()
            print("backfill with two hung regions took \(String(format: "%.1f", build.seconds)) s")
            #expect(build.status == 0, "\(build.stderr)")
            eu.resume()
            ap.resume()
            let flush = try await rig.tidemark(["flush"])
            #expect(flush.status == 0, "\(flush.stderr)")
            let again = try await rig.backfill()
            #expect(again.status == 0, "\(again.stderr)")
            let ids = try await Self.expectWhole(rig, acked: acked)
            try await Self.expectReportsEqualCleanBuild(rig, ids: ids, sent: events)
        }
    }

    @Test func corruptAndTruncatedReplicasAreReadAroundAndRepaired() async throws {
        try await Self.withRig { rig in
            let events = rig.events(0..<400, seed: 3)
            let c = try await rig.collector()
            var acked = await rig.send(Array(events[0..<200]), to: c)
            // Past the seal age, so the rest lands in another segment.
            try await Task.sleep(for: .seconds(2))
            acked += await rig.send(Array(events[200..<400]), to: c)
            await c.terminate()
            #expect(try await rig.tidemark(["flush"]).status == 0)
            let before = try await rig.contents(["eu"])
            let keys = (before["eu"] ?? [:]).keys.sorted()
            try #require(keys.count >= 2)
            // eu: one object overwritten with other bytes; us: another truncated. Both keep their sha256 metadata.
            let stores = try rig.cluster.regions.map { r in try S3StoreFactory.make(r, bucket: rig.bucket) }
            let a = try await stores[0].get(keys[0])
            var other = a.bytes
            other[other.count / 2] ^= 0x55
            _ = try await stores[0].put(keys[0], bytes: other, sha256: a.sha256 ?? "", contentType: "application/x-ndjson", ifAbsent: false)
            let b = try await stores[1].get(keys[1])
            _ = try await stores[1].put(keys[1], bytes: Array(b.bytes.prefix(b.bytes.count / 2)), sha256: b.sha256 ?? "", contentType: "application/x-ndjson", ifAbsent: false)

            let build = try await rig.backfill()
            #expect(build.status == 0, "\(build.stderr)")
            let repair = try await rig.tidemark(["repair"])
            #expect(repair.status == 0, "\(repair.stderr)")
            #expect(repair.stdout.contains("2 replaced"))
            let ids = try await Self.expectWhole(rig, acked: acked)
            try await Self.expectReportsEqualCleanBuild(rig, ids: ids, sent: events)
        }
    }

    @Test func collectorKilledUnderLoadAndRunnerKilledMidWindow() async throws {
        try await Self.withRig { rig in
            let events = rig.events(0..<800, seed: 4)
            let c1 = try await rig.collector(label: "first")
            // Load in flight while the collector dies.
            async let inflight = rig.send(Array(events[0..<500]), to: c1, batch: 10)
            try await Task.sleep(for: .milliseconds(300))
            c1.kill()
            var acked = await inflight
            let c2 = try await rig.collector(label: "second")
            acked += await rig.send(Array(events[500..<800]), to: c2)
            await c2.terminate()
            #expect(try await rig.tidemark(["flush"]).status == 0)
            // The report runner dies mid-window, then runs again.
            let runner = Process()
            runner.executableURL = URL(fileURLWithPath: try BinaryRunner.executable())
            runner.arguments = ["backfill", "--job", "daily", "--from", rig.day, "--to", rig.day, "--config", rig.work.path + "/tidemark.yml"]
            runner.environment = ProcessInfo.processInfo.environment.merging(rig.env) { $1 }
            runner.standardOutput = FileHandle.nullDevice
            try runner.run()
            try await Task.sleep(for: .milliseconds(150))
            kill(runner.processIdentifier, SIGKILL)
            runner.waitUntilExit()
            let rerun = try await rig.backfill()
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let ids = try await Self.expectWhole(rig, acked: acked)
            #expect(ids.count >= acked.count)
            try await Self.expectReportsEqualCleanBuild(rig, ids: ids, sent: events)
        }
    }

    @Test func regionAnswering500ForAWhile() async throws {
        try await Self.withRig(proxyRegion: "us") { rig in
            let events = rig.events(0..<300, seed: 5)
            _ = FileManager.default.createFile(atPath: rig.proxyFlag, contents: nil)
            let c = try await rig.collector()
            let acked = await rig.send(events, to: c)
            #expect(acked.count == 300)
            await c.terminate()
            let build = try await rig.backfill()
            #expect(build.status == 0, "\(build.stderr)")
            let stillFailing = try await rig.tidemark(["flush", "--retries", "1"])
            #expect(stillFailing.status != 0)
            #expect(stillFailing.stderr.contains("us"))
            try FileManager.default.removeItem(atPath: rig.proxyFlag)
            let flush = try await rig.tidemark(["flush"])
            #expect(flush.status == 0, "\(flush.stderr)")
            let again = try await rig.backfill()
            #expect(again.status == 0, "\(again.stderr)")
            let ids = try await Self.expectWhole(rig, acked: acked)
            try await Self.expectReportsEqualCleanBuild(rig, ids: ids, sent: events)
        }
    }
}

/// S3 stores for a test region's bucket.
enum S3StoreFactory {
    static func make(_ region: SeaweedRegion, bucket: String) throws -> S3Store {
        S3Store(client: try S3Client(region.s3Configuration(bucket: bucket)))
    }
}
