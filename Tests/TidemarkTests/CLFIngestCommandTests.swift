import Foundation
import Testing
import TidemarkCore

/// `tidemark ingest --format clf|auto` as a user runs it (embedded default regions).
@Suite("CLF access logs through tidemark ingest")
struct CLFIngestCommandTests {
    static let log = [
        #"203.0.113.9 - - [26/Nov/2026:10:00:01 +0000] "GET /pricing?utm_source=news HTTP/1.1" 200 512 "https://www.google.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0""#,
        #"203.0.113.9 - - [26/Nov/2026:10:00:01 +0000] "GET /app.css HTTP/1.1" 200 90 "https://example.com/pricing" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0""#,
        #"198.51.100.4 - - [26/Nov/2026:11:30:00 +0100] "GET /docs HTTP/1.1" 304 0 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)""#,
        #"198.51.100.5 - - [26/Nov/2026:10:45:00 +0000] "GET /missing HTTP/1.1" 404 12 "-" "curl/8.5.0""#,
        "this is not a log line",
    ].joined(separator: "\n") + "\n"

    @Test func importsPageViewsOnlyAndNeverTheIP() async throws {
        let dir = try TempDir("clf")
        defer { dir.cleanup() }
        try Self.log.write(toFile: dir.path + "/access.log", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "--format", "clf", "--site", "example.com", "access.log"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ingested 2 events"), "\(r.stdout)")
        #expect(r.stdout.contains("1 bad line(s) skipped"))
        #expect(r.stdout.contains("2 request(s) not page views"))
        #expect(r.stderr.contains("at=access.log:5 "), "\(r.stderr)")
        let lines = try localRegionLines(dir.path + "/tidemark-data/regions/eu")
        #expect(lines.count == 2)
        let events = lines.compactMap { line -> Event? in
            guard case .event(let e) = EventParser.parse(line) else { return nil }
            return e
        }.sorted { $0.ts < $1.ts }
        #expect(events.map(\.path) == ["/pricing", "/docs"])
        #expect(events.map(\.ts) == ["2026-11-26T10:00:01.000Z", "2026-11-26T10:30:00.000Z"])
        #expect(events.first?.refHost == "google.com")
        #expect(events.first?.utmSource == "news")
        #expect(events.last?.device == .bot)
        #expect(!lines.joined().contains("203.0.113.9"))
        #expect(!lines.joined().contains("198.51.100.4"))

        // Importing the same log again adds nothing: ids and segments are derived from the lines.
        let again = try await BinaryRunner.run(["ingest", "--site", "example.com", "access.log"], in: dir.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try localRegionLines(dir.path + "/tidemark-data/regions/eu").count == 2)
    }

    @Test func clfNeedsASite() async throws {
        let dir = try TempDir("clfsite")
        defer { dir.cleanup() }
        try Self.log.write(toFile: dir.path + "/access.log", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "--format", "clf", "access.log"], in: dir.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("--site"))
    }

    @Test func rawHitsInNDJSONAreEnriched() async throws {
        let dir = try TempDir("rawhits")
        defer { dir.cleanup() }
        let text = #"{"site":"example.com","url":"https://example.com/a?utm_medium=email","referrer":"https://t.co/x","ua":"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1","ip":"192.0.2.1","ts":"2026-11-26T09:00:00Z"}"# + "\n"
        try text.write(toFile: dir.path + "/hits.ndjson", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["ingest", "hits.ndjson"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try localRegionLines(dir.path + "/tidemark-data/regions/us")
        #expect(lines.count == 1)
        guard let line = lines.first, case .event(let e) = EventParser.parse(line) else {
            Issue.record("no event")
            return
        }
        #expect(e.utmMedium == "email")
        #expect(e.refHost == "t.co")
        #expect(e.browser == "Safari")
        #expect(e.os == "iOS")
        #expect(e.device == .mobile)
        #expect(!line.contains("192.0.2.1"))
    }
}
