import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkIngest
import TidemarkReplication
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// `tidemark collect` as deployed: the built binary against three SeaweedFS
/// regions, killed with SIGKILL, with every region down, and with one hung.
@Suite("Collector end to end (three SeaweedFS regions)", .serialized)
final class CollectorIntegrationTests {
    let cluster: SeaweedCluster
    let work: TempDir
    let bucket = uniqueBucket("col")
    var env: [String: String] = [:]

    init() async throws {
        cluster = try await SeaweedCluster.start()
        work = try TempDir("collector")
    }

    deinit { stopInBackground(cluster, cleaning: work) }

    /// tidemark.yml for a fresh bucket in each region, plus `collector` extras.
    /// A `patient` region waits 60 s for a stalled transfer instead of 2 s.
    func configure(_ collector: String, patient: String? = nil) async throws {
        var yaml = "prefix: tm\nsites: [example.com]\nspool: \(work.path)/spool\nregions:\n"
        for r in cluster.regions {
            let client = try S3Client(r.s3Configuration(bucket: bucket))
            try await client.createBucket()
            let up = r.name.uppercased()
            env["TM_\(up)_KEY"] = r.accessKey
            env["TM_\(up)_SECRET"] = r.secretKey
            yaml += """
                  - name: \(r.name)
                    endpoint: \(r.s3Endpoint)
                    bucket: \(bucket)
                    access_key_env: TM_\(up)_KEY
                    secret_key_env: TM_\(up)_SECRET
                    connect_timeout_ms: 1000
                    timeout_ms: \(r.name == patient ? 120_000 : 3000)
                    low_speed_seconds: \(r.name == patient ? 60 : 2)

                """
        }
        yaml += "collector:\n  id: c1\n  salt_secret_env: TM_SALT\n  trusted_proxies: [127.0.0.0/8]\n" + collector
        env["TM_SALT"] = "collector-test-secret"
        try yaml.write(toFile: work.path + "/tidemark.yml", atomically: true, encoding: .utf8)
    }

    /// Event lines per region, every object verified against its checksum.
    func regionLines() async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for r in cluster.regions { out[r.name] = try await lines(in: r.name) }
        return out
    }

    /// Event lines in `region`, every object verified against its checksum.
    func lines(in region: String) async throws -> [String] {
        let r = try #require(cluster.region(region))
        let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
        var lines: [String] = []
        for object in try await store.list(prefix: "tm/events/") {
            let got = try await store.get(object.key)
            let key = try #require(SegmentKey(parsing: object.key, prefix: "tm"))
            _ = try SegmentReader.verify(got.bytes, sha256: got.sha256, keyPrefix: key.sha256Prefix, key: object.key)
            try SegmentReader.forEachLine(in: got.bytes, key: object.key) { lines.append(String(decoding: $0, as: UTF8.self)) }
        }
        return lines.filter { !$0.isEmpty }
    }

    /// Event ids in `region`.
    func ids(in region: String) async throws -> Set<String> { Set(eventIDs(try await lines(in: region))) }

    /// The watermark this test's collector published to `region`, if any.
    func watermarkMillis(in region: String) async throws -> Int64? {
        let r = try #require(cluster.region(region))
        let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
        let key = "tm/watermarks/site=example.com/collector=c1.json"
        guard try await store.list(prefix: key).contains(where: { $0.key == key }) else { return nil }
        let body = try await store.get(key).bytes
        guard case .string(let text)? = JSONValue.parse(body)?["watermark"] else {
            Issue.record("unreadable watermark: \(String(decoding: body, as: UTF8.self))")
            return nil
        }
        return Timestamp.parseMillis(text)
    }

    /// Checks at once, then every 250 ms for at most `seconds`, `regions` hold every id in `wanted`.
    func waitUntil(_ regions: [String], hold wanted: [String], within seconds: Double) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            var all = true
            for region in regions where !(try await ids(in: region)).isSuperset(of: wanted) { all = false }
            if all { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Every acknowledged id is in every region exactly once.
    func expectExactlyOnce(_ acknowledged: [String]) async throws {
        let regions = try await regionLines()
        for (name, lines) in regions {
            let ids = eventIDs(lines)
            var counts: [String: Int] = [:]
            for id in ids { counts[id, default: 0] += 1 }
            let missing = acknowledged.filter { counts[$0] == nil }
            let doubled = counts.filter { $0.value > 1 }
            #expect(missing.isEmpty, "region \(name) lacks \(missing.count) acknowledged events")
            #expect(doubled.isEmpty, "region \(name) holds \(doubled.count) events more than once")
        }
    }

    @Test func acknowledgedEventsSurviveSIGKILLExactlyOnceAndTheIPIsNeverWritten() async throws {
        // Long seal age: at the kill, acknowledged events live only in the journal.
        try await configure("  seal_age_seconds: 600\n")
        let first = try await CollectorProcess(in: work.path, environment: env, label: "first")
        let clientIP = "203.0.113.77"
        var acknowledged: [String] = []
        try await withThrowingTaskGroup(of: [String].self) { group in
            for r in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    for k in 0..<5 {
                        let batch = CollectorHits.batch((r * 1000 + k * 10)..<(r * 1000 + k * 10 + 10), seed: 1)
                        let reply = try await first.post(batch.body, headers: ["X-Forwarded-For": "\(clientIP), 127.0.0.1"])
                        if reply.status == 202 { mine += batch.ids }
                    }
                    return mine
                }
            }
            for try await ids in group { acknowledged += ids }
        }
        first.kill()
        #expect(acknowledged.count == 400)

        // Restart: the journal is replayed into segments and shipped; then flush.
        let second = try await CollectorProcess(in: work.path, environment: env, label: "second")
        let more = CollectorHits.batch(90_000..<90_010, seed: 1)
        let reply = try await second.post(more.body, headers: ["X-Forwarded-For": clientIP])
        #expect(reply.status == 202)
        acknowledged += more.ids
        // SIGINT (Ctrl-C) stops it as gracefully as SIGTERM: the final seal and upload run.
        #expect(await second.terminate(signal: SIGINT), "the collector did not stop on SIGINT")
        // Its log, Hummingbird's records included, is logfmt (docs/LOGGING.md).
        let records = second.stderr.split(separator: "\n").map { LogfmtParser.fields(String($0)) }
        #expect(records.allSatisfy { $0?["ts"] != nil && $0?["level"] != nil }, "\(second.stderr)")
        // Everything was uploaded: nothing is left queued for any region.
        #expect(records.contains { $0?["msg"] == "stopped" && $0?["queued_segments"] == "0" }, "\(second.stderr)")
        #expect(records.contains { $0?["msg"]?.hasPrefix("Server started and listening on") == true }, "\(second.stderr)")
        let flush = try await BinaryRunner.run(["flush"], in: work.path, environment: env)
        #expect(flush.status == 0, "\(flush.stderr)")
        try await expectExactlyOnce(acknowledged)

        // The visitor id was computed from the forwarded client address…
        let lines = try await regionLines()["eu"] ?? []
        let expected = VisitorID(secret: Array("collector-test-secret".utf8)).visitor(
            date: String(Timestamp.formatMillis(Int64(Date().timeIntervalSince1970 * 1000)).prefix(10)),
            site: "example.com", ip: clientIP,
            userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
        #expect(lines.contains { $0.contains("\"visitor\":\"\(expected)\"") })
        // …and the address itself is in no file the collector wrote: not in
        // the spool, its logs, the segments or the regions' raw data.
        #expect(!lines.joined().contains(clientIP))
        let grep = try await ExternalTool.run("/bin/sh", ["-c", "grep -rIl -F '\(clientIP)' '\(work.path)' '\(cluster.directory.path)' || true"])
        #expect(grep.stdout.isEmpty, "raw IP found in: \(grep.stdout)")
        // Watermarks were published to every region.
        for r in cluster.regions {
            let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
            let w = try await store.get("tm/watermarks/site=example.com/collector=c1.json")
            let text = String(decoding: w.bytes, as: UTF8.self)
            #expect(text.hasPrefix(#"{"collector":"c1","site":"example.com","watermark":""#), "\(text)")
        }
    }

    @Test func allRegionsDownFillsTheSpoolThen503AndEverythingShipsWhenTheyReturn() async throws {
        try await configure("  seal_age_seconds: 0.3\n  spool_limit_bytes: 24576\n  retry_after_seconds: 7\n")
        for r in cluster.regions { r.kill() }
        let c = try await CollectorProcess(in: work.path, environment: env)
        defer { c.kill() }
        var acknowledged: [String] = []
        var refused: HTTPReply?
        for i in 0..<400 {
            let batch = CollectorHits.batch((i * 20)..<(i * 20 + 20), seed: 2)
            let reply = try await c.post(batch.body)
            if reply.status == 202 {
                acknowledged += batch.ids
            } else {
                refused = reply
                break
            }
            // Let the shipper seal and account for the spool between requests.
            if i % 10 == 9 { try await Task.sleep(for: .milliseconds(400)) }
        }
        let full = try #require(refused, "the spool never filled")
        #expect(full.status == 503)
        #expect(full.headers["retry-after"] == "7")
        #expect(full.json["reason"] as? String == "spool_full")
        #expect(!acknowledged.isEmpty)
        #expect(c.isRunning)

        // Regions return: the backlog ships without any help and requests are taken again.
        await withTaskGroup(of: Void.self) { group in
            for r in cluster.regions { group.addTask { try? await r.restart() } }
        }
        var drained = false
        for _ in 0..<120 {
            let queued = try await c.metric(#"tidemark_region_queued_segments{region="eu"}"#) ?? -1
            let us = try await c.metric(#"tidemark_region_queued_segments{region="us"}"#) ?? -1
            let ap = try await c.metric(#"tidemark_region_queued_segments{region="ap"}"#) ?? -1
            let spool = try await c.metric("tidemark_spool_segments") ?? -1
            if queued == 0, us == 0, ap == 0, spool == 0 {
                drained = true
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(drained, "the spool did not drain after the regions came back")
        let again = CollectorHits.batch(100_000..<100_005, seed: 2)
        let reply = try await c.post(again.body)
        #expect(reply.status == 202)
        acknowledged += again.ids
        await c.terminate()
        try await expectExactlyOnce(acknowledged)
    }

    @Test func aHungRegionHoldsUpNoRequestAndNoOtherRegion() async throws {
        // ap stalls for 60 s before giving up on a transfer: long enough that
        // anything waiting on it would miss the deadlines below.
        try await configure("  seal_age_seconds: 0.3\n", patient: "ap")
        let ap = try #require(cluster.region("ap"))
        ap.pause()
        let c = try await CollectorProcess(in: work.path, environment: env)
        var acknowledged: [String] = []
        let firstPost = Int64(Date().timeIntervalSince1970 * 1000)
        // Every request is answered while ap is hung (a stuck request would hit
        // the client's 60 s receive timeout and fail the test).
        for i in 0..<40 {
            let batch = CollectorHits.batch((i * 5)..<(i * 5 + 5), seed: 3)
            let reply = try await c.post(batch.body)
            #expect(reply.status == 202)
            if reply.status == 202 { acknowledged += batch.ids }
            if i % 10 == 9 { try await Task.sleep(for: .milliseconds(300)) }
        }
        // The healthy regions receive everything while ap is hung...
        #expect(try await waitUntil(["eu", "us"], hold: acknowledged, within: 30))
        // ...and keep receiving what comes later, while ap's first upload is
        // still stalled: its loop alone waits, not sealing or the others.
        let later = CollectorHits.batch(200..<220, seed: 3)
        let reply = try await c.post(later.body)
        #expect(reply.status == 202)
        if reply.status == 202 { acknowledged += later.ids }
        #expect(try await waitUntil(["eu", "us"], hold: later.ids, within: 20))
        #expect(try await c.send("GET", "/healthz").status == 200)
        // The watermark does not claim events that ap still lacks.
        if let w = try await watermarkMillis(in: "eu") { #expect(w < firstPost) }
        let lastPost = Int64(Date().timeIntervalSince1970 * 1000)
        ap.resume()
        // Once ap answers again it catches up on its own, with no flush, and
        // the watermark moves past everything acknowledged.
        #expect(try await waitUntil(["ap"], hold: acknowledged, within: 90))
        #expect(try await c.metric(#"tidemark_region_segments_uploaded_total{region="ap"}"#) ?? 0 >= 1)
        var caughtUp = false
        for _ in 0..<120 where !caughtUp {
            caughtUp = try await watermarkMillis(in: "eu").map { $0 > lastPost } ?? false
            if !caughtUp { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(caughtUp, "the watermark did not pass the last acknowledged post once ap was back")

        // SIGTERM while ap hangs again: the final seal still reaches the
        // healthy regions within the grace period (10 s, against ap's 60 s),
        // and what ap lacks stays in the spool for `flush`.
        ap.pause()
        let stuck = CollectorHits.batch(300..<310, seed: 3)
        #expect(try await c.post(stuck.body).status == 202)
        acknowledged += stuck.ids
        #expect(try await waitUntil(["eu", "us"], hold: stuck.ids, within: 20))  // ap's loop is now mid-upload
        let last = CollectorHits.batch(400..<410, seed: 3)
        #expect(try await c.post(last.body).status == 202)
        acknowledged += last.ids
        // It leaves when the grace period ends, not when ap's transfer gives up:
        // the group cancels the stuck upload, which aborts it. (A bound, not a
        // timing assertion: ap would hold a transfer for 60 s.)
        #expect(await c.terminate(waiting: 40), "the collector outlived its 10 s grace period")
        #expect(c.stderr.contains("stopped after the grace period"), "\(c.stderr)")
        // What ap lacks is counted as left queued.
        let graceRecord = c.stderr.split(separator: "\n").compactMap { LogfmtParser.fields(String($0)) }
            .first { $0["msg"]?.hasPrefix("stopped after the grace period") == true }
        #expect(Int(graceRecord?["queued_segments"] ?? "") ?? 0 > 0, "\(c.stderr)")
        #expect(try await waitUntil(["eu", "us"], hold: last.ids, within: 0))
        // What ap lacks is still queued for it in the spool; the others' queues are empty.
        let spool = Spool(root: work.path + "/spool", regions: ["eu", "us", "ap"])
        #expect(try !spool.pending(for: "ap").isEmpty, "the spool lost what ap never received")
        #expect(try spool.pending(for: "eu").isEmpty)
        #expect(try spool.pending(for: "us").isEmpty)
        ap.resume()
        let flush = try await BinaryRunner.run(["flush"], in: work.path, environment: env)
        #expect(flush.status == 0, "\(flush.stderr)")
        try await expectExactlyOnce(acknowledged)
    }
}
