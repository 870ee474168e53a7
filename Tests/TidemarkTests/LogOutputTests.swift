import Foundation
import Testing

/// Log records of the real binary (docs/LOGGING.md): every stderr line of a
/// non-interactive `backfill` parses as logfmt by default and as JSON with
/// `--log-format json` or `TIDEMARK_LOG_FORMAT=json`, with the same keys;
/// the command's result stays on stdout.
@Suite("Log output of the binary")
struct LogOutputTests {
    static let day = "2026-11-26"

    /// An empty folder with the embedded default and a day of events ingested.
    static func ingested() async throws -> TempDir {
        let dir = try TempDir("logs")
        let lines = TestEvents.lines(count: 60, sites: ["example.com", "shop.example.com"], day: day)
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.path + "/in.ndjson", atomically: true, encoding: .utf8)
        let ingest = try await BinaryRunner.run(["ingest", "in.ndjson"], in: dir.path)
        guard ingest.status == 0 else {
            dir.cleanup()
            throw CollectorTestError("ingest failed: \(ingest.stderr)")
        }
        return dir
    }

    static func backfill(_ extra: [String], in dir: TempDir, environment: [String: String] = [:]) async throws
        -> BinaryRunner.Result
    {
        try await BinaryRunner.run(
            ["backfill", "--job", "daily", "--from", day, "--to", day, "--force"] + extra, in: dir.path,
            environment: environment)
    }

    static func stderrLines(_ r: BinaryRunner.Result) -> [String] {
        r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func backfillLogsOneLogfmtRecordPerWindow() async throws {
        let dir = try await Self.ingested()
        defer { dir.cleanup() }
        let r = try await Self.backfill([], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("daily: 2 built"), "\(r.stdout)")
        #expect(!r.stdout.contains("window="), "per-window records belong on stderr: \(r.stdout)")
        let records = try Self.stderrLines(r).map { line in
            try #require(LogfmtParser.parse(line), "not logfmt: \(line)")
        }
        #expect(records.count == 2, "\(r.stderr)")
        for record in records {
            #expect(Array(record.prefix(3).map(\.key)) == ["ts", "level", "msg"])
            let fields = Dictionary(record.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
            #expect(fields["level"] == "info")
            #expect(fields["job"] == "daily")
            #expect(fields["status"] == "built")
            let site = try #require(fields["site"])
            #expect(fields["window"] == "daily/site=\(site)/date=\(Self.day)")
            #expect(Int(fields["events"] ?? "") ?? 0 > 0)
        }
        #expect(Set(records.compactMap { $0.first { $0.key == "site" }?.value }) == ["example.com", "shop.example.com"])
    }

    /// A window whose stored manifest no region can read is rebuilt, and its
    /// record says so at `warning` level, naming the manifest's key.
    @Test func aWindowWithAnUnreadableManifestIsAWarningNamingTheKey() async throws {
        let dir = try await Self.ingested()
        defer { dir.cleanup() }
        let first = try await BinaryRunner.run(["backfill", "--job", "daily", "--from", Self.day, "--to", Self.day], in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        let key = "tidemark/reports/daily/site=example.com/date=\(Self.day)/manifest.json"
        for region in ["eu", "us", "ap"] {
            try "{}\n".write(toFile: dir.path + "/tidemark-data/regions/\(region)/" + key, atomically: false, encoding: .utf8)
        }
        let r = try await BinaryRunner.run(["backfill", "--job", "daily", "--from", Self.day, "--to", Self.day], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let records = try Self.stderrLines(r).map { line in
            Dictionary(try #require(LogfmtParser.parse(line), "not logfmt: \(line)").map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        }
        #expect(records.count == 1, "\(r.stderr)")
        #expect(records.first?["level"] == "warning" && records.first?["status"] == "built", "\(r.stderr)")
        #expect(records.first?["error"]?.contains(key) == true, "\(r.stderr)")
    }

    @Test(arguments: [(["--log-format", "json"], [String: String]()), ([], ["TIDEMARK_LOG_FORMAT": "json"])])
    func jsonFormatGivesOneObjectPerLine(options: [String], environment: [String: String]) async throws {
        let dir = try await Self.ingested()
        defer { dir.cleanup() }
        let r = try await Self.backfill(options, in: dir, environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = Self.stderrLines(r)
        #expect(lines.count == 2, "\(r.stderr)")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(line.hasPrefix(#"{"ts":""#), "\(line)")
            #expect(object["level"] as? String == "info")
            #expect(object["job"] as? String == "daily")
            #expect((object["window"] as? String)?.hasPrefix("daily/site=") == true)
            #expect(object["events"] as? Int ?? 0 > 0)
        }
    }

    @Test func levelFiltersRecordsButNotTheResult() async throws {
        let dir = try await Self.ingested()
        defer { dir.cleanup() }
        let r = try await Self.backfill(["--log-level", "warning"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.contains("daily: 2 built"), "\(r.stdout)")
    }

    /// A `tidemark.yml` over the embedded default's folders, with `log:` settings.
    static func configuration(_ log: String, in dir: TempDir) throws {
        var text = "regions:\n"
        for region in ["eu", "us", "ap"] {
            text += "  - {name: \(region), endpoint: \"file://\(dir.path)/tidemark-data/regions/\(region)\"}\n"
        }
        text += "spool: ./tidemark-data/spool\nlog:\n" + log + "\n"
        try text.write(toFile: dir.path + "/tidemark.yml", atomically: true, encoding: .utf8)
    }

    @Test func theConfigurationGivesDefaultsThatOptionsOverride() async throws {
        let dir = try await Self.ingested()
        defer { dir.cleanup() }
        try Self.configuration("  format: json\n  level: info", in: dir)
        let json = try await Self.backfill([], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let lines = Self.stderrLines(json)
        #expect(lines.count == 2, "\(json.stderr)")
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)") }
        let overridden = try await Self.backfill(["--log-format", "logfmt"], in: dir)
        #expect(Self.stderrLines(overridden).count == 2, "\(overridden.stderr)")
        #expect(Self.stderrLines(overridden).allSatisfy { LogfmtParser.fields($0)?["job"] == "daily" }, "\(overridden.stderr)")
        let quiet = try await Self.backfill([], in: dir, environment: ["TIDEMARK_LOG_LEVEL": "error"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")

        try Self.configuration("  level: loud", in: dir)
        let refused = try await Self.backfill([], in: dir)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("tidemark.yml: log.level loud"), "\(refused.stderr)")
    }

    @Test(arguments: [
        (["--log-format", "xml"], [String: String](), "--log-format xml"),
        (["--log-level", "loud"], [:], "--log-level loud"),
        ([], ["TIDEMARK_LOG_LEVEL": "loud"], "$TIDEMARK_LOG_LEVEL loud"),
    ])
    func badLogOptionsAreRefused(options: [String], environment: [String: String], named: String) async throws {
        let dir = try TempDir("logs")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(["status"] + options, in: dir.path, environment: environment)
        #expect(r.status != 0)
        #expect(r.stderr.contains(named), "\(r.stderr)")
    }
}
