import Foundation
import Testing
import TidemarkCodec

/// How `tidemark ingest` ends (SPEC §5: exit 0 on success, else non-zero with
/// a one-line reason; §6: a file whose lines do not fit is refused, never
/// silently turned into nothing): a run that imported nothing because every
/// line was refused fails and says why in one line; an empty input is
/// nothing to import; a missing file names its cause.
@Suite("Ingest outcome, embedded default")
struct IngestOutcomeTests {
    /// One input that yields no event, the options it is read with, and
    /// what the final error line must say.
    struct Refused: Sendable, CustomStringConvertible {
        var name: String
        var file: String
        var text: String
        var options: [String]
        var says: String
        var description: String { name }
    }

    static let combined = (0..<30).map {
        #"203.0.113.\#($0 % 200) - - [26/Nov/2026:10:\#(String(format: "%02d", $0)):01 +0000] "GET /p\#($0) HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0""#
    }.joined(separator: "\n") + "\n"

    static let refused = [
        Refused(name: "every JSON line bad (auto)", file: "j.json", text: "{\"a\":1}\n{bad\n{\"site\":\"\"}\n", options: [],
                says: "refused"),
        Refused(name: "every JSON line bad (ndjson)", file: "j.json", text: "{\"a\":1}\n{bad\n", options: ["--format", "ndjson"],
                says: "nothing imported: all 2 line(s) were refused; first: j.json:1"),
        Refused(name: "a Markdown page (auto)", file: "README.md",
                text: "# Title\n\nSome prose.\n\n```json\n{\"site\": \"example.com\"\n```\n- a list\n", options: [], says: "refused"),
        Refused(name: "every line for a site not configured (clf)", file: "access.log", text: combined,
                options: ["--format", "clf", "--site", "example.org"],
                says: "nothing imported: all 30 line(s) were refused because their site is not in the configured sites"),
    ]

    @Test(arguments: refused)
    func aRunThatImportedNothingBecauseEveryLineWasRefusedFails(_ c: Refused) async throws {
        let dir = try TempDir("none")
        defer { dir.cleanup() }
        try c.text.write(toFile: dir.path + "/" + c.file, atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest"] + c.options + [c.file], in: dir.path)
        #expect(r.status == 1, "\(r.stdout)\n\(r.stderr)")
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("Error: "), "\(r.stderr)")
        #expect(last.contains(c.says), "\(r.stderr)")
        #expect(!r.stdout.contains("ingested 0 events"), "\(r.stdout)")
        #expect(!r.stdout.contains("segment(s) uploaded"), "\(r.stdout)")
    }

    @Test func linesOfASiteNotConfiguredAreOneWarningNotOnePerLine() async throws {
        let dir = try TempDir("foreign")
        defer { dir.cleanup() }
        try Self.combined.write(toFile: dir.path + "/access.log", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "--format", "clf", "--site", "example.org", "access.log"], in: dir.path)
        let warnings = r.stderr.split(separator: "\n").filter { $0.contains("level=warning") }
        #expect(warnings.count == 1, "\(r.stderr)")
        #expect(warnings.first?.contains("site=example.org") == true)
        #expect(warnings.first?.contains("lines=30") == true)
        #expect(warnings.first?.contains("first=access.log:1") == true)
    }

    @Test func anEmptyInputIsNothingToImport() async throws {
        let dir = try TempDir("empty")
        defer { dir.cleanup() }
        try "".write(toFile: dir.path + "/empty.ndjson", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "empty.ndjson"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ingested 0 events from 1 input(s) into 0 segment(s): nothing to import"), "\(r.stdout)")
    }

    @Test func aMissingFileEndsWithItsCauseAndNoSuccessLine() async throws {
        let dir = try TempDir("nope")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(["ingest", "nope.log"], in: dir.path)
        #expect(r.status == 1)
        // Only the final error: no log line before it, no per-region "0 segment(s) uploaded" after a failure.
        #expect(r.stderr.split(separator: "\n") == ["Error: nope.log: No such file or directory"], "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout)")
    }

    /// A gzip file cut short: the lines before the cut are imported and
    /// uploaded (said on stdout), and the one error says how far it was read.
    @Test func aCutGzipFileSaysOnceHowFarItWasRead() async throws {
        let dir = try TempDir("cut")
        defer { dir.cleanup() }
        let lines = TestEvents.lines(count: 2000, sites: ["example.com"], day: "2026-11-26").joined(separator: "\n") + "\n"
        let gz = try GzipDeflater.compress(Array(lines.utf8))
        try Data(gz.prefix(gz.count / 2)).write(to: URL(fileURLWithPath: dir.path + "/cut.ndjson.gz"))
        let r = try await BinaryRunner.run(["ingest", "cut.ndjson.gz"], in: dir.path)
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n")
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(errors.first?.hasPrefix("Error: cut.ndjson.gz: ") == true, "\(r.stderr)")
        #expect(errors.first?.contains("were read, the rest was not") == true, "\(r.stderr)")
        #expect(r.stdout.contains("region eu: "), "\(r.stdout)")
    }
}
