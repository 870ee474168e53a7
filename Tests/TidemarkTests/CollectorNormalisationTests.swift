import Foundation
import Testing
import TidemarkCore

/// The collector's paths into the visitor hash and the `path` field use the
/// same canonical address (SPEC §1.1) and path normal form (SPEC §1) as
/// `ingest`: pixel, beacon, and a trusted proxy's `X-Forwarded-For`.
@Suite("Collector: canonical addresses and paths")
struct CollectorNormalisationTests {
    @Test func oneClientAndOnePageHoweverTheyAreSpelled() async throws {
        let dir = try CollectorBadInputTests.setUp("cnorm")
        defer { dir.cleanup() }
        let c = try await CollectorProcess(in: dir.path)
        let ts = Timestamp.formatMillis(Int64(Date().timeIntervalSince1970 * 1000) - 60_000)
        let pixel = try await c.send(
            "GET", "/p.gif?site=example.com&url=https%3A%2F%2Fexample.com%2Fcaf%25c3%25a9&ts=\(ts)",
            headers: ["X-Forwarded-For": "2001:DB8::1"])
        #expect(pixel.status == 200)
        let beacon = try await c.post(
            #"{"site":"example.com","url":"https://example.com/café","ts":"\#(ts)"}"#,
            headers: ["X-Forwarded-For": "198.51.100.9, 2001:db8:0:0:0:0:0:1"])
        #expect(beacon.status == 202, "\(beacon.text)")
        let ported = try await c.post(
            #"{"site":"example.com","url":"https://example.com/caf%C3%A9?utm_source=x","ts":"\#(ts)"}"#,
            headers: ["X-Forwarded-For": "[2001:db8::1]:4711"])
        #expect(ported.status == 202, "\(ported.text)")
        let mapped = try await c.post(
            #"{"site":"example.com","url":"//docs/last%5fversion","ts":"\#(ts)"}"#,
            headers: ["X-Forwarded-For": "::ffff:192.0.2.44"])
        #expect(mapped.status == 202, "\(mapped.text)")
        let plain = try await c.post(
            #"{"site":"example.com","url":"//docs/last_version","ts":"\#(ts)"}"#,
            headers: ["X-Forwarded-For": "192.0.2.44"])
        #expect(plain.status == 202, "\(plain.text)")
        await c.terminate()
        let events = try localRegionLines(dir.path + "/regions/eu").compactMap { line -> Event? in
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
