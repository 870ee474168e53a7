import Foundation
import Testing
import TidemarkCore
import TidemarkIngest
import TidemarkTesting

/// One row of `Fixtures/user-agents.tsv`.
struct UserAgentRow: Sendable, CustomTestStringConvertible {
    var browser: String
    var os: String
    var device: String
    var userAgent: String

    var testDescription: String { String(userAgent.prefix(60)) }

    static func load() -> [UserAgentRow] {
        guard let root = try? TestDirectories.packageRoot(),
            let text = try? String(contentsOf: root.appendingPathComponent("Fixtures/user-agents.tsv"), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4 else { return nil }
            return UserAgentRow(browser: f[0], os: f[1], device: f[2], userAgent: f[3])
        }
    }
}

@Suite("Enrichment: user agents, referrers, URLs, visitor ids, limits")
struct EnrichmentTests {
    static let rows = UserAgentRow.load()

    @Test func fixtureTableIsThere() {
        #expect(Self.rows.count >= 40)
    }

    @Test(arguments: rows)
    func userAgentRow(_ row: UserAgentRow) {
        let c = UserAgentClassifier.classify(row.userAgent)
        #expect(c.browser == row.browser)
        #expect(c.os == row.os)
        #expect(c.device.rawValue == row.device)
    }

    @Test func emptyUserAgentIsABot() {
        #expect(UserAgentClassifier.classify("").device == .bot)
        #expect(UserAgentClassifier.classify("   ").device == .bot)
    }

    @Test(arguments: [
        ("https://www.google.com/search?q=x", "google.com"),
        ("https://Google.COM/", "google.com"),
        ("http://news.ycombinator.com:8080/item?id=1", "news.ycombinator.com"),
        ("https://user:pw@www.Reddit.com/r/x", "reddit.com"),
        ("android-app://com.google.android.gm/", "com.google.android.gm"),
        ("https://example.com/other-page", ""),
        ("https://www.example.com/", ""),
        ("https://shop.example.com/", "shop.example.com"),
        ("", ""),
        ("-", ""),
        ("not a url", ""),
        ("duckduckgo.com/", "duckduckgo.com"),
        ("https://[2001:db8::1]:443/x", "[2001:db8::1]"),
    ])
    func referrerHost(_ referrer: String, _ expected: String) {
        #expect(ReferrerHost.from(referrer, site: "example.com") == expected)
    }

    @Test func selfReferralByPageHost() {
        #expect(ReferrerHost.from("https://blog.acme.io/a", site: "acme-blog", pageHost: "blog.acme.io") == "")
    }

    @Test(arguments: [
        ("https://example.com/pricing?utm_source=news&utm_medium=email&utm_campaign=nov#top", "/pricing", "news", "email", "nov"),
        ("https://example.com", "/", "", "", ""),
        ("https://example.com?utm_source=a", "/", "a", "", ""),
        ("/docs/start?utm_source=hello%20world&utm_medium=a+b", "/docs/start", "hello world", "a b", ""),
        ("/p?utm_source=first&utm_source=second", "/p", "first", "", ""),
        ("/caf%C3%A9?utm_campaign=%E2%9C%93", "/café", "", "", "✓"),
        ("https://example.com/a#frag?utm_source=no", "/a", "", "", ""),
        ("relative/path", "/relative/path", "", "", ""),
    ])
    func pageURL(_ url: String, _ path: String, _ source: String, _ medium: String, _ campaign: String) {
        let p = PageURL(parsing: url)
        #expect(p.path == path)
        #expect(p.utmSource == source)
        #expect(p.utmMedium == medium)
        #expect(p.utmCampaign == campaign)
    }

    // Expected values computed independently with Python's hmac and hashlib:
    // salt = hmac.new(b"test-secret-0123456789", b"2026-11-26", sha256).digest()
    // sha256(salt + b"example.com" + b"203.0.113.7" + ua).hexdigest()[:16]
    static let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"

    @Test func visitorIDKnownAnswers() {
        let v = VisitorID(secret: Array("test-secret-0123456789".utf8))
        #expect(
            v.salt(date: "2026-11-26").map { String(format: "%02x", $0) }.joined()
                == "31164773db093abecb8e30051bf5dc252504c50c6f183269ccaf50a9e28c133b")
        #expect(v.visitor(date: "2026-11-26", site: "example.com", ip: "203.0.113.7", userAgent: Self.firefox) == "88f78b25e54de3cb")
        #expect(v.visitor(date: "2026-11-26", site: "example.com", ip: "2001:db8::1", userAgent: "UA") == "dd750c975a3f7760")
        // The next day's salt gives another id: no linking across days.
        #expect(v.visitor(date: "2026-11-27", site: "example.com", ip: "203.0.113.7", userAgent: Self.firefox) == "22f112676d4f2ad1")
    }

    static let now = Timestamp.parseMillis("2026-11-26T12:00:00.000Z") ?? 0

    func enricher(sites: Set<String> = ["example.com"], window: Bool = true) -> Enricher {
        Enricher(allowedSites: sites, visitorID: VisitorID(secret: Array("test-secret-0123456789".utf8)), checksTimeWindow: window)
    }

    func context(ip: String = "203.0.113.7", ua: String = firefox) -> HitContext {
        HitContext(ip: ip, userAgent: ua, country: "nl", receivedMillis: Self.now)
    }

    /// SPEC §1.1: the salt is the event's date in the site's zone, so a visitor
    /// keeps one id through the site's local day and gets a new one after it.
    @Test(arguments: [
        // (ts, ts, same visitor in Amsterdam, same visitor in UTC)
        ("2026-11-26T23:30:00.000Z", "2026-11-27T00:30:00.000Z", true, false),
        ("2026-11-26T22:30:00.000Z", "2026-11-26T23:30:00.000Z", false, true),
        // 25 October 2026 runs 22:00Z on the 24th to 23:00Z on the 25th.
        ("2026-10-24T22:00:00.000Z", "2026-10-25T22:59:59.999Z", true, false),
        ("2026-10-24T21:59:59.999Z", "2026-10-24T22:00:00.000Z", false, true),
    ])
    func visitorIdsAreSaltedByTheLocalDate(_ a: String, _ b: String, _ sameLocal: Bool, _ sameUTC: Bool) throws {
        let zone = try #require(SiteZone(identifier: "Europe/Amsterdam"))
        let v = VisitorID(secret: Array("test-secret-0123456789".utf8))
        let local = Enricher(allowedSites: [], visitorID: v, zones: ["example.com": zone], checksTimeWindow: false)
        let utc = Enricher(allowedSites: [], visitorID: v, checksTimeWindow: false)
        func visitor(_ e: Enricher, _ ts: String) throws -> String {
            let hit = RawHit(fields: ["site": "example.com", "url": "https://example.com/", "ts": ts])
            return try e.event(from: hit, context: context()).visitor
        }
        #expect((try visitor(local, a) == visitor(local, b)) == sameLocal)
        #expect((try visitor(utc, a) == visitor(utc, b)) == sameUTC)
        // The id is the one SPEC §1.1 gives for the local date.
        let localDate = Timestamp.formatDay(zone.localDay(atMillis: try #require(Timestamp.parseMillis(a))))
        #expect(try visitor(local, a) == v.visitor(date: localDate, site: "example.com", ip: "203.0.113.7", userAgent: Self.firefox))
    }

    @Test func enrichesARawHit() throws {
        let hit = RawHit(fields: [
            "site": "example.com", "url": "https://example.com/pricing?utm_source=news",
            "referrer": "https://www.google.com/",
        ])
        let e = try enricher().event(from: hit, context: context())
        #expect(e.ts == "2026-11-26T12:00:00.000Z")
        #expect(e.type == .pageview)
        #expect(e.path == "/pricing")
        #expect(e.refHost == "google.com")
        #expect(e.utmSource == "news")
        #expect(e.visitor == "88f78b25e54de3cb")
        #expect(e.country == "NL")
        #expect(e.browser == "Firefox")
        #expect(e.os == "Linux")
        #expect(e.device == .desktop)
        #expect(Validation.isLowerHex(e.id, count: 32))
        // The encoded line is a valid schema-v1 event.
        guard case .event = EventParser.parse(EventEncoder.line(e)) else {
            Issue.record("enriched event does not round-trip")
            return
        }
    }

    @Test func clientIDAndTimeAndUAFieldAreKept() throws {
        let hit = RawHit(fields: [
            "site": "example.com", "url": "/x", "id": "0123456789ABCDEF0123456789abcdef", "ts": "2026-11-26T13:15:03+01:00",
            "type": "event", "name": "signup", "ua": "curl/8.0",
        ])
        let e = try enricher().event(from: hit, context: context())
        #expect(e.id == "0123456789abcdef0123456789abcdef")
        #expect(e.ts == "2026-11-26T12:15:03.000Z")
        #expect(e.type == .event)
        #expect(e.name == "signup")
        #expect(e.device == .bot)
    }

    @Test func randomIDsAreHexAndDistinct() {
        let ids = Set((0..<100).map { _ in EventIDGenerator.random() })
        #expect(ids.count == 100)
        #expect(ids.allSatisfy { Validation.isLowerHex($0, count: 32) })
    }

    @Test(arguments: [
        (["site": "other.com", "url": "/"], "unknown_site"),
        (["url": "/"], "invalid_field"),
        (["site": "Not A Site!", "url": "/"], "invalid_field"),
        (["site": "example.com"], "invalid_field"),
        (["site": "example.com", "url": "/", "type": "click"], "invalid_field"),
        (["site": "example.com", "url": "/", "type": "event"], "invalid_field"),
        (["site": "example.com", "url": "/", "id": "xyz"], "invalid_field"),
        (["site": "example.com", "url": "/", "ts": "yesterday"], "invalid_field"),
        (["site": "example.com", "url": "/", "ts": "2026-11-27T12:00:01.000Z"], "ts_out_of_range"),
        (["site": "example.com", "url": "/", "ts": "2026-11-19T11:59:59.000Z"], "ts_out_of_range"),
        (["site": "example.com", "url": "/" + String(repeating: "a", count: 3000)], "field_too_long"),
        (["site": "example.com", "url": "/", "referrer": "https://" + String(repeating: "r", count: 3000) + ".com/"], "field_too_long"),
        (["site": "example.com", "url": "/", "type": "event", "name": String(repeating: "n", count: 200)], "field_too_long"),
        (["site": "example.com", "url": "/", "ua": String(repeating: "u", count: 3000)], "field_too_long"),
        (["site": "example.com", "url": "/?utm_source=" + String(repeating: "s", count: 300)], "field_too_long"),
    ])
    func rejects(_ fields: [String: String], _ reason: String) {
        #expect(throws: IngestError.self) { try enricher().event(from: RawHit(fields: fields), context: context()) }
        do {
            _ = try enricher().event(from: RawHit(fields: fields), context: context())
        } catch {
            #expect(error.reason == reason)
            #expect(error.json.hasPrefix("{\"reason\":\"\(reason)\""))
        }
    }

    @Test func timeWindowEdgesAreAccepted() throws {
        for ts in ["2026-11-27T12:00:00.000Z", "2026-11-19T12:00:00.000Z"] {
            _ = try enricher().event(from: RawHit(fields: ["site": "example.com", "url": "/", "ts": ts]), context: context())
        }
        // Imports of old logs have no window.
        _ = try enricher(window: false).event(
            from: RawHit(fields: ["site": "example.com", "url": "/", "ts": "2020-01-01T00:00:00Z"]), context: context())
    }

    @Test func completeEventsAreTakenAsTheyAre() throws {
        let line = #"{"id":"0123456789abcdef0123456789abcdef","ts":"2026-11-26T10:15:03.123Z","site":"example.com","type":"pageview","name":"","path":"/pricing","ref_host":"google.com","utm_source":"news","utm_medium":"","utm_campaign":"","visitor":"0011223344556677","country":"NL","browser":"Firefox","os":"Linux","device":"desktop"}"#
        let hit = try RawHitDecoder.decodeLine(Array(line.utf8)).get()
        #expect(hit.isCompleteEvent)
        let e = try enricher().event(from: hit, context: context(ip: "198.51.100.1", ua: "other"))
        #expect(EventEncoder.line(e) == line)
    }

    @Test func bodiesAreObjectsArraysOrNDJSON() {
        #expect(RawHitDecoder.decodeBody(Array(#"{"site":"a.com","url":"/"}"#.utf8)).count == 1)
        #expect(RawHitDecoder.decodeBody(Array(#"[{"site":"a.com"},{"site":"b.com"},3]"#.utf8)).count == 3)
        let nd = RawHitDecoder.decodeBody(Array("{\"site\":\"a.com\"}\n\n{oops\n{\"site\":\"b.com\"}\n".utf8))
        #expect(nd.count == 3)
        if case .failure(let e) = nd[1] { #expect(e.reason == "invalid_json") } else { Issue.record("bad line accepted") }
        let pretty = "{\n  \"site\": \"a.com\",\n  \"url\": \"/\"\n}"
        #expect(RawHitDecoder.decodeBody(Array(pretty.utf8)).count == 1)
        let badUTF8 = RawHitDecoder.decodeBody([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
        if case .failure(let e) = badUTF8.first { #expect(e.reason == "invalid_utf8") } else { Issue.record("bad UTF-8 accepted") }
        if case .failure(let e) = RawHitDecoder.decodeBody([]).first { #expect(e.reason == "invalid_json") }
    }

    @Test func hitJSONIsReadStrictly() throws {
        func hit(_ text: String) -> RawHit? { try? RawHitDecoder.decodeLine(Array(text.utf8)).get() }
        let h = try #require(
            hit(#"{"site":"a.com","url":"/caf\u00e9\/\"q\"\ud83d\ude00","n":1.5e-3,"o":{"x":[1,true,null]},"z":null,"dup":1,"dup":"two"}"#))
        #expect(h["url"] == "/café/\"q\"😀")
        #expect(h.nonStringFields == ["n", "o"])
        #expect(h["z"] == nil && !h.nonStringFields.contains("z"))
        #expect(h["dup"] == "two")
        #expect(hit(#"  {"site" : "a.com" }  "#)?["site"] == "a.com")
        let invalid = [
            #"{"site":"a.com"} x"#, #"{"site":"\ud800"}"#, #"{"site":"\udc00x"}"#, "{\"site\":\"a\u{01}\"}",
            #"{"n":01}"#, #"{"n":1.}"#, #"{"n":-}"#, #"{"n":1e}"#, #"{"n":tru}"#, #"{"a":1,}"#, #"{,}"#,
            #"{"a" 1}"#, #"{"a":"\x"}"#, #""site""#, "12", "", #"{"site":"a.com""#,
            String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        ]
        for text in invalid {
            guard case .failure(let e) = RawHitDecoder.decodeLine(Array(text.utf8)) else {
                Issue.record("accepted \(text)")
                continue
            }
            #expect(e.reason == "invalid_json", "\(text)")
        }
        let array = RawHitDecoder.decodeBody(Array(#"[{"site":"a.com"}, [1], "x", {}]"#.utf8))
        #expect(array.count == 4)
        #expect((try? array[0].get())?["site"] == "a.com" && (try? array[3].get()) != nil)
        if case .failure(let e) = array[1] { #expect(e.detail.contains("not a JSON object")) } else { Issue.record("[1] accepted") }
        if case .failure(let e) = RawHitDecoder.decodeBody(Array("[1,".utf8)).first {
            #expect(e.detail.contains("not a JSON array"))
        } else {
            Issue.record("[1, accepted")
        }
        if case .failure(let e) = RawHitDecoder.decodeBody(Array("[]".utf8)).first { #expect(e.detail == "empty array") }
    }

    @Test(arguments: [
        ("2026-11-26T10:15:03Z", "2026-11-26T10:15:03.000Z"),
        ("2026-11-26T10:15:03.1Z", "2026-11-26T10:15:03.100Z"),
        ("2026-11-26T10:15:03.123456789Z", "2026-11-26T10:15:03.123Z"),
        ("2026-11-26T11:15:03.5+01:00", "2026-11-26T10:15:03.500Z"),
        ("2026-11-26T05:15:03-05:00", "2026-11-26T10:15:03.000Z"),
    ])
    func clientTimestamps(_ text: String, _ expected: String) {
        #expect(ClientTimestamp.parseMillis(text).map(Timestamp.formatMillis) == expected)
    }

    @Test(arguments: ["", "2026-11-26", "2026-13-26T10:15:03Z", "2026-11-26T10:15:03", "2026-11-26T10:15:03+0100", "2026-11-26T10:15:03.Z"])
    func badClientTimestamps(_ text: String) {
        #expect(ClientTimestamp.parseMillis(text) == nil)
    }

    @Test func countryHeaderIsNormalised() {
        #expect(Enricher.country("nl") == "NL")
        #expect(Enricher.country("XX") == "")
        #expect(Enricher.country("T1") == "")
        #expect(Enricher.country("NLD") == "")
        #expect(Enricher.country("") == "")
    }
}
