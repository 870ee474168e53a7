import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkS3
import TidemarkStore
import TidemarkTesting

#if canImport(Glibc)
import Glibc
#endif

/// Three real SeaweedFS regions, a configuration for them, the collector and
/// the CLI: the stage for the chaos scenarios.
final class ChaosRig: @unchecked Sendable {
    let cluster: SeaweedCluster
    let work: TempDir
    let bucket: String
    private(set) var env: [String: String] = [:]
    private var proxy: Process?
    /// The file whose presence makes the fault proxy answer 500.
    var proxyFlag: String { work.path + "/proxy-500" }
    /// The hour all traffic falls in: two hours ago, so the collector's
    /// time-window checks pass whenever the suite runs.
    let hourStartMillis: Int64

    init(proxyRegion: String? = nil) async throws {
        cluster = try await SeaweedCluster.start()
        work = try TempDir("chaos")
        bucket = uniqueBucket("chaos")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        hourStartMillis = (now - 2 * 3_600_000) / 3_600_000 * 3_600_000
        var yaml = """
            prefix: tm
            sites: [example.com]
            spool: \(work.path)/spool
            jobs: \(work.path)/jobs
            collector:
              id: c1
              seal_age_seconds: 0.5
              shutdown_grace_seconds: 5
            reports:
              local_dir: \(work.path)/reports
            regions:

            """
        for r in cluster.regions {
            try await S3Client(r.s3Configuration(bucket: bucket)).createBucket()
            let up = r.name.uppercased()
            env["TM_\(up)_KEY"] = r.accessKey
            env["TM_\(up)_SECRET"] = r.secretKey
            var endpoint = r.s3Endpoint
            if r.name == proxyRegion {
                endpoint = try startProxy(upstream: r.s3Endpoint)
            }
            yaml += "  - {name: \(r.name), endpoint: \"\(endpoint)\", bucket: \(bucket), access_key_env: TM_\(up)_KEY, "
                + "secret_key_env: TM_\(up)_SECRET, connect_timeout_ms: 1000, timeout_ms: 3000, low_speed_seconds: 2}\n"
        }
        try yaml.write(toFile: work.path + "/tidemark.yml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: work.path + "/jobs", withIntermediateDirectories: true)
        try "report: daily\ndelay: 0s\nlookback: 2d\nformats: [json, csv, html]\n".write(
            toFile: work.path + "/jobs/daily.yml", atomically: true, encoding: .utf8)
    }

    /// The UTC date of the traffic.
    var day: String { Timestamp.formatMillis(hourStartMillis).prefix(10).description }

    func stop() async {
        if let proxy, proxy.isRunning {
            kill(proxy.processIdentifier, SIGKILL)
            proxy.waitUntilExit()
        }
        await cluster.stop()
        work.cleanup()
    }

    private func startProxy(upstream: String) throws -> String {
        let upstreamPort = upstream.split(separator: ":").last.map(String.init) ?? "0"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/fault-proxy.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, "0", upstreamPort, proxyFlag]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        proxy = p
        let line = String(decoding: out.fileHandleForReading.availableDataLine(), as: UTF8.self)
        guard let port = line.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        else { throw CollectorTestError("fault proxy did not start: \(line)") }
        return "http://127.0.0.1:\(port)"
    }

    /// `tidemark ARGS` with this rig's configuration and credentials.
    func tidemark(_ args: [String]) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(args + ["--config", work.path + "/tidemark.yml"], in: work.path, environment: env)
    }

    /// `tidemark backfill` of the traffic's day.
    func backfill() async throws -> BinaryRunner.Result {
        try await tidemark(["backfill", "--job", "daily", "--from", day, "--to", day])
    }

    /// Starts the collector on this rig's configuration.
    func collector(label: String = "c") async throws -> CollectorProcess {
        var e = env
        e["TIDEMARK_CONFIG"] = work.path + "/tidemark.yml"
        return try await CollectorProcess(in: work.path, environment: e, label: label)
    }

    /// Schema-v1 events (taken by the collector as they are) in the rig's hour.
    func events(_ range: Range<Int>, seed: Int = 0) -> [(id: String, line: String)] {
        range.map { i in
            let id = String(format: "%08x%08x%016llx", seed, i, UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            let ts = Timestamp.formatMillis(hourStartMillis + Int64(i % 3000) * 1000 + Int64(i % 997))
            let visitor = String(format: "%016x", i % 37)
            let path = ["/", "/pricing", "/docs", "/blog/x"][i % 4]
            let line = #"{"id":"\#(id)","ts":"\#(ts)","site":"example.com","type":"pageview","name":"","path":"\#(path)","ref_host":"","utm_source":"","utm_medium":"","utm_campaign":"","visitor":"\#(visitor)","country":"NL","browser":"Firefox","os":"Linux","device":"desktop"}"#
            return (id, line)
        }
    }

    /// Sends events in batches of `batch`; returns the ids the collector acknowledged.
    func send(_ events: [(id: String, line: String)], to c: CollectorProcess, batch: Int = 20) async -> [String] {
        var acked: [String] = []
        var i = 0
        while i < events.count {
            let chunk = Array(events[i..<min(i + batch, events.count)])
            i += batch
            let body = "[" + chunk.map(\.line).joined(separator: ",") + "]"
            if let reply = try? await c.post(body, headers: ["Content-Type": "application/json"]),
                reply.status / 100 == 2, reply.accepted == chunk.count
            {
                acked += chunk.map(\.id)
            }
        }
        return acked
    }

    /// Each region's segments, verified against metadata and key: key → event ids.
    func contents(_ regionNames: [String]? = nil) async throws -> [String: [String: [String]]] {
        var out: [String: [String: [String]]] = [:]
        for r in cluster.regions where regionNames?.contains(r.name) ?? true {
            let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
            var segments: [String: [String]] = [:]
            for object in try await store.list(prefix: "tm/events/") {
                let got = try await store.get(object.key)
                guard let key = SegmentKey(parsing: object.key, prefix: "tm") else { continue }
                _ = try SegmentReader.verify(got.bytes, sha256: got.sha256, keyPrefix: key.sha256Prefix, key: object.key)
                var ids: [String] = []
                try SegmentReader.forEachLine(in: got.bytes, key: object.key) { line in
                    if case .event(let e) = EventParser.parse(line) { ids.append(e.id) }
                }
                segments[object.key] = ids
            }
            out[r.name] = segments
        }
        return out
    }

    /// Every object each region holds under the prefix: key → SHA-256 of its bytes.
    func objects() async throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for r in cluster.regions {
            let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
            var objects: [String: String] = [:]
            for object in try await store.list(prefix: "tm/") {
                objects[object.key] = Checksum.sha256Hex(try await store.get(object.key).bytes)
            }
            out[r.name] = objects
        }
        return out
    }

    /// A region's copy of a report file.
    func report(_ region: String, file: String = "report.json") async throws -> [UInt8] {
        guard let r = cluster.region(region) else { throw CollectorTestError("no region \(region)") }
        let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
        return try await store.get("tm/reports/daily/site=example.com/date=\(day)/\(file)").bytes
    }

    /// report.json of a clean build: the same events ingested with no faults
    /// into local regions.
    func cleanReport(of lines: [String]) async throws -> [UInt8] {
        let clean = try TempDir("clean")
        defer { clean.cleanup() }
        try FileManager.default.copyItem(atPath: work.path + "/jobs", toPath: clean.path + "/Jobs")
        try (lines.joined(separator: "\n") + "\n").write(toFile: clean.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        let i = try await BinaryRunner.run(["ingest", "ev.ndjson"], in: clean.path)
        guard i.status == 0 else { throw CollectorTestError("clean ingest failed: \(i.stderr)") }
        let b = try await BinaryRunner.run(["backfill", "--job", "daily", "--from", day, "--to", day], in: clean.path)
        guard b.status == 0 else { throw CollectorTestError("clean build failed: \(b.stderr)") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: clean.path + "/tidemark-data/reports/daily/site=example.com/date=\(day)/report.json")))
    }

    /// report.json as a dictionary without `complete` and `inputs.segments` (segment
    /// boundaries depend on when the collector sealed, the numbers do not).
    static func comparable(_ bytes: [UInt8]) -> NSDictionary? {
        guard var o = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return nil }
        // `complete` depends on the collector's watermark at build time.
        o["complete"] = nil
        if var inputs = o["inputs"] as? [String: Any] {
            inputs["segments"] = nil
            o["inputs"] = inputs
        }
        return o as NSDictionary
    }
}
