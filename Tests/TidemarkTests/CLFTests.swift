import Testing
import TidemarkCore
import TidemarkIngest

@Suite("Combined Log Format access logs")
struct CLFTests {
    static let line =
        #"203.0.113.9 - frank [26/Nov/2026:13:55:36 +0100] "GET /pricing?utm_source=news HTTP/1.1" 200 2326 "https://www.google.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0""#

    @Test func parsesACombinedLine() throws {
        let r = try AccessLogRecord(parsing: Self.line)
        #expect(r.ip == "203.0.113.9")
        #expect(Timestamp.formatMillis(r.epochMillis) == "2026-11-26T12:55:36.000Z")
        #expect(r.method == "GET")
        #expect(r.target == "/pricing?utm_source=news")
        #expect(r.status == 200)
        #expect(r.referrer == "https://www.google.com/")
        #expect(r.userAgent.hasSuffix("Firefox/133.0"))
        #expect(r.notPageViewReason == nil)
    }

    @Test func commonLogFormatAndEscapes() throws {
        let common = try AccessLogRecord(parsing: #"::1 - - [01/Jan/2026:00:00:00 -0000] "GET / HTTP/1.0" 304 -"#)
        #expect(common.ip == "::1")
        #expect(common.referrer == "")
        #expect(common.userAgent == "")
        #expect(common.notPageViewReason == nil)
        let escaped = try AccessLogRecord(
            parsing: #"10.0.0.1 - - [01/Jan/2026:00:00:00 +0000] "GET /q HTTP/1.1" 200 5 "-" "Agent \"quoted\" v1""#)
        #expect(escaped.userAgent == #"Agent "quoted" v1"#)
        #expect(escaped.referrer == "")
    }

    @Test(arguments: [
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /style.css HTTP/1.1" 200 10 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /img/logo.PNG?v=2 HTTP/1.1" 200 10 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /favicon.ico HTTP/1.1" 200 10 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /missing HTTP/1.1" 404 10 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /boom HTTP/1.1" 500 10 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "POST /form HTTP/1.1" 200 10 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "HEAD / HTTP/1.1" 200 0 "-" "UA""#, false),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /blog/v1.2/post HTTP/1.1" 200 10 "-" "UA""#, true),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /old HTTP/1.1" 301 10 "-" "UA""#, true),
        (#"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET /about.html HTTP/1.1" 200 10 "-" "UA""#, true),
    ])
    func pageViewRule(_ line: String, _ isPageView: Bool) throws {
        let r = try AccessLogRecord(parsing: line)
        #expect((r.notPageViewReason == nil) == isPageView)
    }

    @Test(arguments: [
        "",
        "garbage",
        #"1.2.3.4 - - [26/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 1"#,
        #"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] GET / HTTP/1.1 200 1"#,
        #"1.2.3.4 - - [26/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" abc 1"#,
        #"1.2.3.4 - - [26/Foo/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1"#,
    ])
    func rejectsMalformedLines(_ line: String) {
        #expect(throws: IngestError.self) { try AccessLogRecord(parsing: line) }
    }

    @Test func becomesAnEnrichedPageView() throws {
        let r = try AccessLogRecord(parsing: Self.line)
        let enricher = Enricher(
            allowedSites: [], visitorID: VisitorID(secret: Array("s".utf8)), checksTimeWindow: false)
        let e = try enricher.event(
            from: r.hit(site: "example.com"),
            context: HitContext(ip: r.ip, userAgent: r.userAgent, country: "", receivedMillis: 0)) { "0123456789abcdef0123456789abcdef" }
        #expect(e.path == "/pricing")
        #expect(e.utmSource == "news")
        #expect(e.refHost == "google.com")
        #expect(e.browser == "Firefox")
        #expect(e.ts == "2026-11-26T12:55:36.000Z")
        #expect(!EventEncoder.line(e).contains("203.0.113.9"))
        let same = VisitorID(secret: Array("s".utf8)).visitor(date: "2026-11-26", site: "example.com", ip: "203.0.113.9", userAgent: r.userAgent)
        #expect(e.visitor == same)
    }
}
