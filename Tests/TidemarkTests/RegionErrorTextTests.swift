import Foundation
import Testing

/// An S3 region that cannot be reached is named once in what the commands
/// say about it: the S3 client's error, the store's error around it and
/// the command's own line each used to add `region eu:` again.
@Suite("Region error texts")
struct RegionErrorTextTests {
    /// A loopback port with nothing listening (bound, read, then closed).
    static func closedPort() throws -> Int {
        let server = try S3CancellationTests.SilentServer()
        let port = server.port
        server.close()
        return port
    }

    static func occurrences(of needle: String, in text: Substring) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func anUnreachableRegionIsNamedOnceByIngestFlushAndStatus() async throws {
        let dir = try TempDir("region-text")
        defer { dir.cleanup() }
        let port = try Self.closedPort()
        try """
            regions:
              - {name: eu, endpoint: "http://127.0.0.1:\(port)", bucket: b, region: us-east-1, access_key_env: K, secret_key_env: S}
              - {name: loc, endpoint: "file://\(dir.path)/loc"}
            spool: \(dir.path)/spool
            """.write(toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        try (TestEvents.lines(count: 10, sites: ["example.com"]).joined(separator: "\n") + "\n")
            .write(toFile: dir.path + "/e.ndjson", atomically: true, encoding: .utf8)
        let env = ["K": "key", "S": "secret"]

        let ingest = try await BinaryRunner.run(
            ["ingest", "--config", "tm.yml", "--retries", "1", "e.ndjson"], in: dir.path, environment: env)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let eu = try #require(ingest.stdout.split(separator: "\n").first { $0.hasPrefix("region eu: ") }, "\(ingest.stdout)")
        #expect(eu.contains(" queued (last error: PUT "), "\(eu)")
        #expect(eu.contains("(curl 7)"), "\(eu)")
        #expect(Self.occurrences(of: "region eu", in: eu) == 1, "\(eu)")

        let flush = try await BinaryRunner.run(["flush", "--config", "tm.yml", "--retries", "1"], in: dir.path, environment: env)
        #expect(flush.status == 1)
        let flushed = try #require(flush.stdout.split(separator: "\n").first { $0.hasPrefix("region eu: ") }, "\(flush.stdout)")
        #expect(Self.occurrences(of: "region eu", in: flushed) == 1, "\(flushed)")

        let status = try await BinaryRunner.run(["status", "--config", "tm.yml"], in: dir.path, environment: env)
        let line = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("  eu: ") }, "\(status.stdout)")
        #expect(line.hasPrefix("  eu: LIST "), "\(line)")
        #expect(Self.occurrences(of: "region eu", in: line) == 0, "\(line)")
    }
}
