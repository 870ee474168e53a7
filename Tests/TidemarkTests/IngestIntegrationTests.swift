import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// `tidemark ingest` and `flush` as a user runs them, against three real
/// SeaweedFS regions, including a killed and a hung region.
@Suite("Ingest end to end (three SeaweedFS regions)", .serialized)
final class IngestIntegrationTests {
    let cluster: SeaweedCluster
    let work: TempDir

    init() async throws {
        cluster = try await SeaweedCluster.start()
        work = try TempDir("ingest")
    }

    deinit { stopInBackground(cluster, cleaning: work) }

    /// Writes tidemark.yml for a fresh bucket in each region; returns its env.
    func configure(bucket: String, timeoutMs: Int = 3000) async throws -> [String: String] {
        var env: [String: String] = [:]
        var yaml = "prefix: tm\nspool: \(work.path)/spool-\(bucket)\nregions:\n"
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
                    region: us-east-1
                    access_key_env: TM_\(up)_KEY
                    secret_key_env: TM_\(up)_SECRET
                    connect_timeout_ms: 1000
                    timeout_ms: \(timeoutMs)
                    low_speed_seconds: 2

                """
        }
        try yaml.write(toFile: work.path + "/tidemark.yml", atomically: true, encoding: .utf8)
        return env
    }

    /// Every region's segments: key → (verified lines).
    func contents(bucket: String) async throws -> [[String: [String]]] {
        var out: [[String: [String]]] = []
        for r in cluster.regions {
            let store = S3Store(client: try S3Client(r.s3Configuration(bucket: bucket)))
            var segments: [String: [String]] = [:]
            for object in try await store.list(prefix: "tm/events/") {
                let got = try await store.get(object.key)
                let key = try #require(SegmentKey(parsing: object.key, prefix: "tm"))
                // The object's SHA-256 matches its metadata and its key.
                _ = try SegmentReader.verify(got.bytes, sha256: got.sha256, keyPrefix: key.sha256Prefix, key: object.key)
                var lines: [String] = []
                try SegmentReader.forEachLine(in: got.bytes, key: object.key) { lines.append(String(decoding: $0, as: UTF8.self)) }
                segments[object.key] = lines
            }
            out.append(segments)
        }
        return out
    }

    func expectAllRegionsHold(_ input: [String], bucket: String) async throws {
        let regions = try await contents(bucket: bucket)
        let keySets = regions.map { Set($0.keys) }
        #expect(keySets.allSatisfy { $0 == keySets[0] }, "regions hold different segment sets")
        for region in regions {
            let lines = region.values.flatMap { $0 }
            // Every input event exactly once.
            #expect(lines.count == input.count)
            #expect(lines.sorted() == input.sorted())
        }
    }

    @Test func ingestWritesIdenticalVerifiedSegmentsToEveryRegion() async throws {
        let env = try await configure(bucket: uniqueBucket("ok"))
        let input = TestEvents.lines(count: 3000)
        try (input.joined(separator: "\n") + "\n").write(toFile: work.path + "/events.ndjson", atomically: true, encoding: .utf8)
        let result = try await BinaryRunner.run(["ingest", "events.ndjson"], in: work.path, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ingested 3000 events"))
        let bucket = try #require(try String(contentsOfFile: work.path + "/tidemark.yml", encoding: .utf8)
            .split(separator: "\n").first { $0.contains("bucket:") }?.split(separator: " ").last.map(String.init))
        try await expectAllRegionsHold(input, bucket: bucket)
        // Nothing left in the spool; a second ingest of the same file adds nothing new.
        let again = try await BinaryRunner.run(["ingest", "events.ndjson"], in: work.path, environment: env)
        #expect(again.status == 0, "\(again.stderr)")
        try await expectAllRegionsHold(input, bucket: bucket)
    }

    @Test func killedAndHungRegionsCatchUpAfterFlush() async throws {
        let bucket = uniqueBucket("fault")
        let env = try await configure(bucket: bucket)
        let input = TestEvents.lines(count: 2000, seed: 7)
        try (input.joined(separator: "\n") + "\n").write(toFile: work.path + "/events.ndjson", atomically: true, encoding: .utf8)
        let us = try #require(cluster.region("us"))
        let ap = try #require(cluster.region("ap"))
        us.kill()
        ap.pause()
        let ingest = try await BinaryRunner.run(["ingest", "events.ndjson"], in: work.path, environment: env)
        print("ingest with us killed and ap hung took \(String(format: "%.1f", ingest.seconds)) s")
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("region us: 0 segment(s) uploaded"))
        #expect(ingest.stdout.contains("region ap: 0 segment(s) uploaded"))
        let spool = Spool(root: "\(work.path)/spool-\(bucket)", regions: ["eu", "us", "ap"])
        let backlog = try spool.backlog()
        #expect(backlog[0].segments == 0)
        #expect(backlog[1].segments > 0)
        #expect(backlog[1].segments == backlog[2].segments)

        // Still down: flush fails and names both regions, keeping the queue.
        let stillDown = try await BinaryRunner.run(["flush", "--retries", "1"], in: work.path, environment: env)
        #expect(stillDown.status != 0)
        #expect(stillDown.stderr.contains("us"))
        #expect(stillDown.stderr.contains("ap"))
        #expect(try spool.backlog()[1].segments == backlog[1].segments)

        ap.resume()
        try await us.restart()
        let flush = try await BinaryRunner.run(["flush"], in: work.path, environment: env)
        #expect(flush.status == 0, "\(flush.stderr)")
        #expect(try spool.backlog().allSatisfy { $0.segments == 0 })
        #expect(try spool.segmentKeys().isEmpty)
        try await expectAllRegionsHold(input, bucket: bucket)
    }

    @Test func awsCliReadsTidemarkSegmentsAndTidemarkReadsAwsCliUploads() async throws {
        let bucket = uniqueBucket("aws")
        let env = try await configure(bucket: bucket)
        let input = TestEvents.lines(count: 300, seed: 3, sites: ["example.com"])
        try (input.joined(separator: "\n") + "\n").write(toFile: work.path + "/events.ndjson", atomically: true, encoding: .utf8)
        let ingest = try await BinaryRunner.run(["ingest", "events.ndjson"], in: work.path, environment: env)
        #expect(ingest.status == 0, "\(ingest.stderr)")

        let eu = try #require(cluster.region("eu"))
        let awsEnv = ["AWS_ACCESS_KEY_ID": eu.accessKey, "AWS_SECRET_ACCESS_KEY": eu.secretKey, "AWS_DEFAULT_REGION": "us-east-1"]
        let aws = try ExternalTool.path("aws")
        let ls = try await ExternalTool.run(aws, ["--endpoint-url", eu.s3Endpoint, "s3", "ls", "--recursive", "s3://\(bucket)/tm/events/"], environment: awsEnv)
        #expect(ls.status == 0, "\(ls.stderr)")
        let keys = ls.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(!keys.isEmpty)
        var lines: [String] = []
        for (i, key) in keys.enumerated() {
            let file = work.path + "/dl-\(i).gz"
            let cp = try await ExternalTool.run(aws, ["--endpoint-url", eu.s3Endpoint, "s3", "cp", "s3://\(bucket)/\(key)", file], environment: awsEnv)
            #expect(cp.status == 0, "\(cp.stderr)")
            let gunzip = try await ExternalTool.run("/bin/sh", ["-c", "gzip -dc '\(file)'"])
            #expect(gunzip.status == 0)
            lines += gunzip.stdout.split(separator: "\n").map(String.init)
        }
        #expect(lines.sorted() == input.sorted())

        // The other way: an NDJSON file gzipped by gzip and uploaded by the AWS CLI.
        let foreign = TestEvents.lines(count: 50, seed: 99, sites: ["other.example"])
        try (foreign.joined(separator: "\n") + "\n").write(toFile: work.path + "/foreign.ndjson", atomically: true, encoding: .utf8)
        let gz = try await ExternalTool.run("/bin/sh", ["-c", "gzip -n -c '\(work.path)/foreign.ndjson' > '\(work.path)/foreign.gz' && sha256sum '\(work.path)/foreign.gz'"])
        let sha = try #require(gz.stdout.split(separator: " ").first.map(String.init))
        let key = "tm/events/site=other.example/date=2026-11-26/hour=08/aws-\(sha.prefix(16)).ndjson.gz"
        let put = try await ExternalTool.run(aws, ["--endpoint-url", eu.s3Endpoint, "s3", "cp", work.path + "/foreign.gz", "s3://\(bucket)/\(key)", "--metadata", "sha256=\(sha)"], environment: awsEnv)
        #expect(put.status == 0, "\(put.stderr)")
        let regions = RegionSet([S3Store(client: try S3Client(eu.s3Configuration(bucket: bucket)))])
        let object = try await regions.readVerified(key, keySHA256Prefix: String(sha.prefix(16)))
        var read: [String] = []
        try SegmentReader.forEachLine(in: object.bytes, key: key) { read.append(String(decoding: $0, as: UTF8.self)) }
        #expect(read.filter { !$0.isEmpty } == foreign)
    }
}

/// Programs the tests drive that nobody here wrote.
enum ExternalTool {
    static func path(_ name: String) throws -> String {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let venv = env["TIDEMARK_VENV"] { candidates.append(venv + "/bin/" + name) }
        candidates.append(try TestDirectories.packageRoot().appendingPathComponent(".tidemark-test/venv/bin/" + name).path)
        for dir in (env["PATH"] ?? "").split(separator: ":") { candidates.append(String(dir) + "/" + name) }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw SeaweedError("\(name) not found: run scripts/setup.sh (it installs \(name) into .tidemark-test/venv)")
        }
        return found
    }

    static func run(_ path: String, _ args: [String], environment: [String: String] = [:]) async throws -> BinaryRunner.Result {
        try await BinaryRunner.run(path: path, args, environment: environment)
    }
}
