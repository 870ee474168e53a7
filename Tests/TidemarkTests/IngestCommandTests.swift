import Foundation
import Testing
import TidemarkCodec
import TidemarkCore

/// `tidemark ingest` with the embedded default (local-directory regions):
/// bad input, gzip input, stdin, configuration errors.
@Suite("Ingest command, embedded default")
struct IngestCommandTests {
    @Test(arguments: [(1, "ingested 1 event from 1 input(s)"), (2, "ingested 2 events from 1 input(s)")])
    func theSummaryCountsEvents(count: Int, says: String) async throws {
        let dir = try TempDir("count")
        defer { dir.cleanup() }
        let lines = TestEvents.lines(count: count, sites: ["example.com"])
        try lines.joined(separator: "\n").write(toFile: dir.path + "/in.ndjson", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "in.ndjson"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(says), "\(r.stdout)")
    }

    @Test func badLinesAreReportedWithFileAndLineAndSkipped() async throws {
        let dir = try TempDir("bad")
        defer { dir.cleanup() }
        let good = TestEvents.lines(count: 4, sites: ["example.com"])
        let text = [good[0], "{not json", good[1], "", #"{"id":"x"}"#, good[2], "\u{FEFF}garbage", good[3]].joined(separator: "\n")
        try text.write(toFile: dir.path + "/in.ndjson", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "in.ndjson"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("at=in.ndjson:2 "), "\(r.stderr)")
        #expect(r.stderr.contains("at=in.ndjson:5 "))
        #expect(r.stderr.contains("at=in.ndjson:7 "))
        #expect(!r.stderr.contains("at=in.ndjson:4 "))
        #expect(r.stdout.contains("ingested 4 events"))
        #expect(r.stdout.contains("3 bad line(s) skipped"))
        // One segment per (site, hour) of the good lines, in every region.
        let hours = Set(good.compactMap { line -> UTCHour? in
            guard case .event(let e) = EventParser.parse(line) else { return nil }
            return e.hour
        })
        #expect(hours.count >= 2)
        for region in ["eu", "us", "ap"] {
            let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path + "/tidemark-data/regions/\(region)")
            #expect(files.filter { $0.hasSuffix(".ndjson.gz") }.count == hours.count)
            #expect(files.filter { $0.hasSuffix(".ndjson.gz.sha256") }.count == hours.count)
        }
    }

    @Test func readsGzipFilesAndStdin() async throws {
        let dir = try TempDir("gz")
        defer { dir.cleanup() }
        let a = TestEvents.lines(count: 100, seed: 5)
        let b = TestEvents.lines(count: 50, seed: 6)
        let gz = try GzipDeflater.compress(Array((a.joined(separator: "\n") + "\n").utf8))
        try Data(gz).write(to: URL(fileURLWithPath: dir.path + "/a.ndjson.gz"))
        let r = try await BinaryRunner.run(["ingest", "a.ndjson.gz", "-"], in: dir.path, stdin: Data(b.joined(separator: "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ingested 150 events"))
    }

    @Test func truncatedGzipInputFailsNamingTheFile() async throws {
        let dir = try TempDir("trunc")
        defer { dir.cleanup() }
        let gz = try GzipDeflater.compress(Array(TestEvents.lines(count: 200).joined(separator: "\n").utf8))
        try Data(gz.prefix(gz.count / 2)).write(to: URL(fileURLWithPath: dir.path + "/cut.gz"))
        let r = try await BinaryRunner.run(["ingest", "cut.gz"], in: dir.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("cut.gz"))
    }

    @Test func missingCredentialVariableIsNamedAndNoSecretPrinted() async throws {
        let dir = try TempDir("cfg")
        defer { dir.cleanup() }
        try """
        regions:
          - name: eu
            endpoint: http://127.0.0.1:1
            bucket: b
            access_key_env: TM_TEST_KEY
            secret_key_env: TM_TEST_SECRET
        """.write(toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["flush", "--config", "tm.yml"], in: dir.path, environment: ["TM_TEST_KEY": "AKIDSECRETVALUE"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("TM_TEST_SECRET"))
        #expect(!r.stderr.contains("AKIDSECRETVALUE"))
    }

    @Test func configurationProblemsAreReported() async throws {
        let dir = try TempDir("cfg2")
        defer { dir.cleanup() }
        try "regions:\n  - name: EU\n    endpoint: ftp://x\n".write(toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["status", "--config", "tm.yml"], in: dir.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("name \"EU\""))
        #expect(r.stderr.contains("bucket is required"))
        let missing = try await BinaryRunner.run(["status", "--config", "nope.yml"], in: dir.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.yml"))
    }
}
