import Foundation
import Testing
import TidemarkCore
import TidemarkSynthetic

/// `tidemark collect` against local-directory regions: every bad input of
/// SPEC §6, partial batches, the pixel, metrics and a seeded fuzz run.
@Suite("Collector: bad input, pixel, metrics, fuzz (local regions)")
struct CollectorBadInputTests {
    /// A work directory with a config: one accepted site, three local regions.
    static func setUp(_ label: String, extra: String = "") throws -> TempDir {
        let dir = try TempDir(label)
        let yaml = """
            prefix: tm
            sites: [example.com, shop.example.com]
            spool: ./spool
            regions:
              - name: eu
                endpoint: file://./regions/eu
              - name: us
                endpoint: file://./regions/us
              - name: ap
                endpoint: file://./regions/ap
            collector:
              id: c1
              seal_age_seconds: 0.5
              trusted_proxies: [127.0.0.1]
              country_header: CF-IPCountry
            \(extra)
            """
        try yaml.write(toFile: dir.path + "/tidemark.yml", atomically: true, encoding: .utf8)
        return dir
    }

    func reasons(_ reply: HTTPReply) -> [String] {
        ((reply.json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["reason"] as? String }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let dir = try Self.setUp("c413")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        defer { c.kill() }
        let big = "[" + Array(repeating: CollectorHits.hit(1).json, count: 600).joined(separator: ",") + "]"
        #expect(big.utf8.count > 65_536)
        let reply = try await c.post(big)
        #expect(reply.status == 413)
        #expect(reply.json["reason"] as? String == "body_too_large")
        // Just under the limit is fine.
        let ok = try await c.post("[" + Array(repeating: CollectorHits.hit(2).json, count: 100).joined(separator: ",") + "]")
        #expect(ok.status == 202)
        #expect(ok.accepted == 100)
        #expect(c.isRunning)
    }

    @Test(arguments: [
        ("{not json", "invalid_json"),
        ("", "invalid_json"),
        ("[]", "invalid_json"),
        ("42", "invalid_json"),
        (#"{"site":"unknown.org","url":"/"}"#, "unknown_site"),
        (#"{"site":"example.com","url":"/","ts":"2099-01-01T00:00:00.000Z"}"#, "ts_out_of_range"),
        (#"{"site":"example.com","url":"/","ts":"2001-01-01T00:00:00.000Z"}"#, "ts_out_of_range"),
        (#"{"site":"example.com","url":"/\#(String(repeating: "x", count: 2100))"}"#, "field_too_long"),
        (#"{"site":"example.com","url":"/","type":"event","name":"\#(String(repeating: "n", count: 129))"}"#, "field_too_long"),
        (#"{"site":"example.com","url":"/","id":"not-hex"}"#, "invalid_field"),
        (#"{"site":"example.com","url":42}"#, "invalid_field"),
    ])
    func badBodiesAre400WithAReason(_ body: String, _ reason: String) async throws {
        let dir = try Self.setUp("c400")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        defer { c.kill() }
        let reply = try await c.post(body)
        #expect(reply.status == 400)
        #expect(reply.accepted == 0)
        #expect(reasons(reply) == [reason], "\(reply.text)")
        #expect(c.isRunning)
    }

    @Test func invalidUTF8Is400() async throws {
        let dir = try Self.setUp("cutf")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        defer { c.kill() }
        let reply = try await c.send("POST", "/api/event", body: Array(#"{"site":"example.com","url":"/"#.utf8) + [0xC3, 0x28, 0x22, 0x7D])
        #expect(reply.status == 400)
        #expect(reasons(reply) == ["invalid_utf8"])
    }

    @Test func partialBatchesKeepTheValidEvents() async throws {
        let dir = try Self.setUp("cpart")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        let good = (0..<5).map { CollectorHits.hit($0, seed: 9) }
        let array = "[" + [good[0].json, #"{"site":"nope.org","url":"/"}"#, good[1].json, "7", good[2].json].joined(separator: ",") + "]"
        let reply = try await c.post(array)
        #expect(reply.status == 400)
        #expect(reply.accepted == 3)
        let errors = (reply.json["errors"] as? [[String: Any]]) ?? []
        #expect(errors.compactMap { ($0["index"] as? NSNumber)?.intValue } == [1, 3])
        #expect(reasons(reply) == ["unknown_site", "invalid_json"])
        // NDJSON with a broken line in the middle.
        let ndjson = good[3].json + "\n{broken\n\n" + good[4].json + "\n"
        let second = try await c.post(ndjson, headers: ["Content-Type": "application/x-ndjson"])
        #expect(second.status == 400)
        #expect(second.accepted == 2)
        // Everything accepted is in every region after a graceful stop, nothing else.
        await c.terminate()
        for region in ["eu", "us", "ap"] {
            let ids = eventIDs(try localRegionLines(dir.path + "/regions/\(region)"))
            #expect(ids.sorted() == good.map(\.id).sorted(), "region \(region)")
        }
    }

    @Test func pixelStoresAnEnrichedPageView() async throws {
        let dir = try Self.setUp("cpix")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        let reply = try await c.send(
            "GET", "/p.gif?site=example.com&url=https%3A%2F%2Fexample.com%2Fdocs%3Futm_source%3Dnews&ref=https%3A%2F%2Fwww.bing.com%2F",
            headers: ["CF-IPCountry": "de", "X-Forwarded-For": "198.51.100.23"])
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "image/gif")
        #expect(reply.body.count == 43)
        #expect(reply.body.prefix(6) == Array("GIF89a".utf8)[...])
        let bad = try await c.send("GET", "/p.gif?site=nope.org&url=/")
        #expect(bad.status == 400)
        #expect(bad.headers["content-type"] == "image/gif")
        let health = try await c.send("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.text == "ok\n")
        await c.terminate()
        let lines = try localRegionLines(dir.path + "/regions/eu")
        #expect(lines.count == 1)
        guard let line = lines.first, case .event(let e) = EventParser.parse(line) else {
            Issue.record("no event stored")
            return
        }
        #expect(e.path == "/docs")
        #expect(e.utmSource == "news")
        #expect(e.refHost == "bing.com")
        #expect(e.country == "DE")
        #expect(e.browser == "Firefox")
        #expect(!line.contains("198.51.100.23"))
    }

    @Test func metricsExposeCountsAndSpool() async throws {
        let dir = try Self.setUp("cmet")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        defer { c.kill() }
        _ = try await c.post(CollectorHits.batch(0..<4).body)
        _ = try await c.post(#"{"site":"nope.org","url":"/"}"#)
        let text = try await c.send("GET", "/metrics").text
        for family in [
            "tidemark_events_accepted_total", "tidemark_events_rejected_total", "tidemark_spool_bytes",
            "tidemark_spool_segments", "tidemark_region_oldest_unshipped_segment_timestamp_seconds",
            "tidemark_region_upload_errors_total", "tidemark_http_request_duration_seconds",
        ] {
            #expect(text.contains("# TYPE \(family) "), "\(family) missing")
        }
        #expect(try await c.metric("tidemark_events_accepted_total") == 4)
        #expect(try await c.metric(#"tidemark_events_rejected_total{reason="unknown_site"}"#) == 1)
        #expect(!text.contains("127.0.0.1"))
    }

    @Test func fuzzedBodiesNeverCrashAndTheAcceptedCountIsRight() async throws {
        let dir = try Self.setUp("cfuzz")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        var rng = SplitMix64(seed: 20_261_126)
        let fragments = [
            "{", "}", "[", "]", ",", ":", "\"site\"", "\"example.com\"", "\"url\"", "\"/x\"", "null", "true", "1e999",
            "\"\\ud800\"", "\"\\u0000\"", "\n", "\"ts\"", "\"2026-13-45\"", "{\"site\":\"example.com\",\"url\":\"/f\"}",
        ]
        var acceptedTotal = 0
        var answered = 0
        for i in 0..<300 {
            var body: [UInt8]
            switch i % 3 {
            case 0:
                body = (0..<Int.random(in: 0..<512, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:
                body = Array((0..<Int.random(in: 1..<30, using: &rng)).map { _ in fragments.randomElement(using: &rng) ?? "" }.joined().utf8)
            default:
                // A valid batch with one random byte flipped somewhere.
                var text = Array(CollectorHits.batch(i..<(i + 3), seed: 77).body.utf8)
                let at = Int.random(in: 0..<text.count, using: &rng)
                text[at] = UInt8.random(in: 0...255, using: &rng)
                body = text
            }
            let reply = try await c.send("POST", "/api/event", body: body)
            #expect([202, 400].contains(reply.status), "status \(reply.status) for body #\(i)")
            #expect(reply.accepted >= 0, "no JSON answer for body #\(i): \(reply.text)")
            acceptedTotal += max(0, reply.accepted)
            answered += 1
        }
        #expect(answered == 300)
        #expect(c.isRunning)
        #expect(try await c.send("GET", "/healthz").status == 200)
        #expect(try await c.metric("tidemark_events_accepted_total") == Double(acceptedTotal))
        await c.terminate()
        #expect(acceptedTotal > 0)
        for region in ["eu", "us", "ap"] {
            #expect(try localRegionLines(dir.path + "/regions/\(region)").count == acceptedTotal)
        }
    }
}
