import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TidemarkCollector
import TidemarkCore
import TidemarkSynthetic

/// The collector's HTTP surface in process (`CollectorApplication` through
/// HummingbirdTesting, local-directory regions): every bad input SPEC §6
/// names for the collector, partial batches, CORS, the pixel, `/healthz`,
/// `/metrics`, a full spool and a seeded fuzz run. The binary's own start,
/// delivery to real regions and SIGTERM are `CollectorIntegrationTests`.
@Suite("Collector HTTP surface (in process, local regions)")
struct CollectorHTTPTests {
    @Test func bodyOverTheLimitIs413() async throws {
        let c = try InProcessCollector("c413")
        defer { c.dir.cleanup() }
        try await c.run { client, _ in
            let big = "[" + Array(repeating: CollectorHits.hit(1).json, count: 600).joined(separator: ",") + "]"
            #expect(big.utf8.count > 65_536)
            let reply = try await client.post(big)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.json["reason"] as? String == "body_too_large")
            // Just under the limit is fine.
            let ok = try await client.post("[" + Array(repeating: CollectorHits.hit(2).json, count: 100).joined(separator: ",") + "]")
            #expect(ok.status == .accepted)
            #expect(ok.accepted == 100)
        }
    }

    @Test func aSmallerConfiguredLimitIsTheOneEnforced() async throws {
        let c = try InProcessCollector("c413s") { $0.maxBodyBytes = 1024 }
        defer { c.dir.cleanup() }
        try await c.run { client, _ in
            let reply = try await client.post(CollectorHits.batch(0..<10).body)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.text.contains("over 1024 bytes"), "\(reply.text)")
            let small = try await client.post(CollectorHits.hit(1).json)
            #expect(small.status == .accepted)
        }
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
        let c = try InProcessCollector("c400")
        defer { c.dir.cleanup() }
        try await c.run { client, _ in
            let reply = try await client.post(body)
            #expect(reply.status == .badRequest)
            #expect(reply.accepted == 0)
            #expect(reply.reasons == [reason], "\(reply.text)")
            #expect(reply.headers[.contentType] == "application/json")
        }
    }

    @Test func timestampsJustInsideTheWindowAreTaken() async throws {
        let c = try InProcessCollector("cts")
        defer { c.dir.cleanup() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try await c.run { client, _ in
            for offset: Int64 in [23 * 3_600_000, -(6 * 86_400_000)] {
                let ts = Timestamp.formatMillis(now + offset)
                let reply = try await client.post(#"{"site":"example.com","url":"/","ts":"\#(ts)"}"#)
                #expect(reply.status == .accepted, "ts \(ts): \(reply.text)")
            }
        }
    }

    @Test func invalidUTF8Is400() async throws {
        let c = try InProcessCollector("cutf")
        defer { c.dir.cleanup() }
        try await c.run { client, _ in
            let body = Array(#"{"site":"example.com","url":"/"#.utf8) + [0xC3, 0x28, 0x22, 0x7D]
            let reply = try await client.execute(uri: "/api/event", method: .post, body: ByteBuffer(bytes: body))
            #expect(reply.status == .badRequest)
            #expect(reply.reasons == ["invalid_utf8"])
            let metrics = try await client.get("/metrics")
            #expect(metrics.metric(#"tidemark_events_rejected_total{reason="invalid_utf8"}"#) == 1)
        }
    }

    @Test func partialBatchesKeepTheValidEvents() async throws {
        let c = try InProcessCollector("cpart")
        defer { c.dir.cleanup() }
        let good = (0..<5).map { CollectorHits.hit($0, seed: 9) }
        try await c.run(shipping: true) { client, _ in
            let array = "[" + [good[0].json, #"{"site":"nope.org","url":"/"}"#, good[1].json, "7", good[2].json].joined(separator: ",") + "]"
            let reply = try await client.post(array)
            #expect(reply.status == .badRequest)
            #expect(reply.accepted == 3)
            let errors = (reply.json["errors"] as? [[String: Any]]) ?? []
            #expect(errors.compactMap { ($0["index"] as? NSNumber)?.intValue } == [1, 3])
            #expect(reply.reasons == ["unknown_site", "invalid_json"])
            // NDJSON with a broken line in the middle.
            let ndjson = good[3].json + "\n{broken\n\n" + good[4].json + "\n"
            let second = try await client.post(ndjson, headers: [.contentType: "application/x-ndjson"])
            #expect(second.status == .badRequest)
            #expect(second.accepted == 2)
        }
        // Everything accepted is in every region after the graceful stop, nothing else.
        for region in ["eu", "us", "ap"] {
            #expect(eventIDs(try c.lines(in: region)).sorted() == good.map(\.id).sorted(), "region \(region)")
        }
    }

    @Test func corsLetsAnyPagePostBeacons() async throws {
        let c = try InProcessCollector("ccors")
        defer { c.dir.cleanup() }
        try await c.run { client, _ in
            let preflight = try await client.execute(
                uri: "/api/event", method: .options,
                headers: [.origin: "https://example.com", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods] == "POST, OPTIONS")
            #expect(preflight.headers[.accessControlAllowHeaders] == "Content-Type")
            #expect(preflight.headers[.accessControlMaxAge] == "86400")
            // Answers carry the header too, refusals included, so the page can read the reason.
            let taken = try await client.post(CollectorHits.hit(1).json, headers: [.origin: "https://example.com"])
            #expect(taken.status == .accepted)
            #expect(taken.headers[.accessControlAllowOrigin] == "*")
            let refused = try await client.post("{", headers: [.origin: "https://example.com"])
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.accessControlAllowOrigin] == "*")
        }
    }

    @Test func unknownRoutesAndMethodsAreRefused() async throws {
        let c = try InProcessCollector("croute")
        defer { c.dir.cleanup() }
        try await c.run { client, collector in
            let nowhere = try await client.get("/nowhere")
            #expect(nowhere.status == .notFound)
            let getEvent = try await client.get("/api/event")
            #expect(getEvent.status != .accepted)
            let postPixel = try await client.execute(uri: "/p.gif", method: .post)
            #expect(postPixel.status != .ok)
            #expect(collector.journal.snapshot().currentBytes == 0)
        }
    }

    @Test func pixelStoresAnEnrichedPageView() async throws {
        let c = try InProcessCollector("cpix")
        defer { c.dir.cleanup() }
        try await c.run(.live, shipping: true) { client, _ in
            let reply = try await client.get(
                "/p.gif?site=example.com&url=https%3A%2F%2Fexample.com%2Fdocs%3Futm_source%3Dnews&ref=https%3A%2F%2Fwww.bing.com%2F",
                headers: HTTPFields([("CF-IPCountry", "de"), ("X-Forwarded-For", "198.51.100.23"),
                    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")]))
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "image/gif")
            #expect(reply.headers[.cacheControl] == "no-store")
            #expect(reply.body.readableBytes == 43)
            #expect(Array(reply.body.readableBytesView.prefix(6)) == Array("GIF89a".utf8))
            // A refused hit still gets an image (the page shows no broken icon), with the status saying why.
            let bad = try await client.get("/p.gif?site=nope.org&url=/")
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "image/gif")
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
        }
        let lines = try c.lines(in: "eu")
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

    @Test func thePixelTakesThePageFromItsReferer() async throws {
        let c = try InProcessCollector("cpixref")
        defer { c.dir.cleanup() }
        try await c.run(shipping: true) { client, _ in
            let reply = try await client.get("/p.gif?site=example.com", headers: [.referer: "https://example.com/from/referer"])
            #expect(reply.status == .ok)
        }
        let events = try c.lines(in: "us").compactMap { line -> Event? in
            guard case .event(let e) = EventParser.parse(line) else { return nil }
            return e
        }
        #expect(events.map(\.path) == ["/from/referer"])
    }

    @Test func metricsExposeCountsAndSpool() async throws {
        let c = try InProcessCollector("cmet")
        defer { c.dir.cleanup() }
        try await c.run { client, _ in
            _ = try await client.post(CollectorHits.batch(0..<4).body)
            _ = try await client.post(#"{"site":"nope.org","url":"/"}"#)
            let reply = try await client.get("/metrics")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = reply.text
            for family in [
                "tidemark_events_accepted_total", "tidemark_events_rejected_total", "tidemark_spool_bytes",
                "tidemark_spool_segments", "tidemark_region_oldest_unshipped_segment_timestamp_seconds",
                "tidemark_region_upload_errors_total", "tidemark_http_request_duration_seconds",
            ] {
                #expect(text.contains("# TYPE \(family) "), "\(family) missing")
            }
            #expect(reply.metric("tidemark_events_accepted_total") == 4)
            #expect(reply.metric(#"tidemark_events_rejected_total{reason="unknown_site"}"#) == 1)
        }
    }

    @Test func aFullSpoolIs503WithRetryAfterAndTakesNothing() async throws {
        // No shipper runs here, so the open journal only grows until it passes the limit.
        let c = try InProcessCollector("cfull") {
            $0.spoolLimitBytes = 4096
            $0.retryAfterSeconds = 7
        }
        defer { c.dir.cleanup() }
        try await c.run { client, collector in
            var refused: TestResponse?
            var acceptedIDs: [String] = []
            for i in 0..<100 where refused == nil {
                let batch = CollectorHits.batch((i * 5)..<(i * 5 + 5), seed: 4)
                let reply = try await client.post(batch.body)
                if reply.status == .accepted { acceptedIDs += batch.ids } else { refused = reply }
            }
            let full = try #require(refused, "the spool never filled")
            #expect(full.status == .serviceUnavailable)
            #expect(full.headers[.retryAfter] == "7")
            #expect(full.json["reason"] as? String == "spool_full")
            #expect(full.accepted == 0)
            #expect(!acceptedIDs.isEmpty)
            let before = collector.journal.snapshot().currentBytes
            let pixel = try await client.get("/p.gif?site=example.com&url=/x")
            #expect(pixel.status == .serviceUnavailable)
            #expect(collector.journal.snapshot().currentBytes == before, "a refused hit reached the journal")
            let metrics = try await client.get("/metrics")
            #expect((metrics.metric(#"tidemark_events_rejected_total{reason="spool_full"}"#) ?? 0) >= 6)
        }
    }

    @Test func fuzzedBodiesNeverCrashAndTheAcceptedCountIsRight() async throws {
        let c = try InProcessCollector("cfuzz")
        defer { c.dir.cleanup() }
        let acceptedTotal = try await c.run(shipping: true) { client, _ in
            var rng = SplitMix64(seed: 20_261_126)
            let fragments = [
                "{", "}", "[", "]", ",", ":", "\"site\"", "\"example.com\"", "\"url\"", "\"/x\"", "null", "true", "1e999",
                "\"\\ud800\"", "\"\\u0000\"", "\n", "\"ts\"", "\"2026-13-45\"", "{\"site\":\"example.com\",\"url\":\"/f\"}",
            ]
            var acceptedTotal = 0
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
                let reply = try await client.execute(uri: "/api/event", method: .post, body: ByteBuffer(bytes: body))
                #expect([.accepted, .badRequest].contains(reply.status), "status \(reply.status) for body #\(i)")
                #expect(reply.accepted >= 0, "no JSON answer for body #\(i): \(reply.text)")
                acceptedTotal += max(0, reply.accepted)
            }
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            let metrics = try await client.get("/metrics")
            #expect(metrics.metric("tidemark_events_accepted_total") == Double(acceptedTotal))
            return acceptedTotal
        }
        #expect(acceptedTotal > 0)
        for region in ["eu", "us", "ap"] {
            #expect(try c.lines(in: region).count == acceptedTotal)
        }
    }

    /// The visitor hash and `path` use the same canonical address (SPEC §1.1) and path normal
    /// form (SPEC §1) as `ingest`: pixel, beacon, and a trusted proxy's `X-Forwarded-For`.
    @Test func oneClientAndOnePageHoweverTheyAreSpelled() async throws {
        let c = try InProcessCollector("cnorm")
        defer { c.dir.cleanup() }
        let ts = Timestamp.formatMillis(Int64(Date().timeIntervalSince1970 * 1000) - 60_000)
        try await c.run(.live, shipping: true) { client, _ in
            let pixel = try await client.get(
                "/p.gif?site=example.com&url=https%3A%2F%2Fexample.com%2Fcaf%25c3%25a9&ts=\(ts)",
                headers: HTTPFields([("X-Forwarded-For", "2001:DB8::1")]))
            #expect(pixel.status == .ok)
            for (body, forwarded) in [
                (#"{"site":"example.com","url":"https://example.com/café","ts":"\#(ts)"}"#, "198.51.100.9, 2001:db8:0:0:0:0:0:1"),
                (#"{"site":"example.com","url":"https://example.com/caf%C3%A9?utm_source=x","ts":"\#(ts)"}"#, "[2001:db8::1]:4711"),
                (#"{"site":"example.com","url":"//docs/last%5fversion","ts":"\#(ts)"}"#, "::ffff:192.0.2.44"),
                (#"{"site":"example.com","url":"//docs/last_version","ts":"\#(ts)"}"#, "192.0.2.44"),
            ] {
                let reply = try await client.post(body, headers: HTTPFields([("X-Forwarded-For", forwarded)]))
                #expect(reply.status == .accepted, "\(reply.text)")
            }
        }
        let events = try c.lines(in: "eu").compactMap { line -> Event? in
            guard case .event(let e) = EventParser.parse(line) else { return nil }
            return e
        }
        #expect(events.count == 5)
        let cafe = events.filter { $0.path == "/café" }
        let docs = events.filter { $0.path == "//docs/last_version" }
        #expect(cafe.count == 3)
        #expect(docs.count == 2)
        #expect(Set(cafe.map(\.visitor)).count == 1)
        #expect(Set(docs.map(\.visitor)).count == 1)
        #expect(Set(events.map(\.visitor)).count == 2)
    }
}
