import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkIngest

#if canImport(Glibc)
import Glibc
#endif

/// The pieces that make one client one visitor and one page one row,
/// whatever spelling a server or client used (SPEC §1 `path`, §1.1, §6).
@Suite("Canonical addresses, request targets, paths, log escapes and layouts")
struct ImportNormalisationTests {
    // MARK: canonical IP (SPEC §1.1)

    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        (" 192.0.2.7 ", "192.0.2.7"),
        ("192.0.2.1:51234", "192.0.2.1"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("\"[2001:db8::1]:443\"", "2001:db8::1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::FFFF:C000:0201", "192.0.2.1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("::1:2", "::1:2"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"),
    ])
    func canonicalAddress(_ input: String, _ expected: String) {
        #expect(IPText.canonical(input) == expected)
        #expect(HitContext(ip: input, userAgent: "", country: "", receivedMillis: 0).ip == expected)
    }

    @Test(arguments: ["example.com", "192.0.2.256", "unknown", "-", "", "2001:db8:::1", "192.0.2.1:port", "[::1"])
    func textThatIsNoAddressIsKeptAsGiven(_ input: String) {
        #expect(IPText.canonical(input) == nil)
        #expect(IPText.canonicalOrSelf(input) == input)
    }

    /// RFC 5952 output equals glibc's `inet_ntop` wherever glibc does not
    /// switch to the IPv4-compatible form (`::a.b.c.d`, first 96 bits zero).
    @Test func formatAgreesWithInetNtop() {
        var state: UInt64 = 0x5eed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var compared = 0
        for _ in 0..<5000 {
            // Mostly zero groups, so runs of every length and position occur.
            var bytes = [UInt8](repeating: 0, count: 16)
            for g in 0..<8 where next() % 3 == 0 {
                bytes[2 * g] = next() % 2 == 0 ? 0 : UInt8(truncatingIfNeeded: next())
                bytes[2 * g + 1] = UInt8(truncatingIfNeeded: next() | 1)
            }
            if bytes[0..<12].allSatisfy({ $0 == 0 }) { continue }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { continue }
            var buffer = [CChar](repeating: 0, count: 64)
            let ok = bytes.withUnsafeBytes { raw in inet_ntop(AF_INET6, raw.baseAddress, &buffer, 64) != nil }
            #expect(ok)
            let glibc = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(IPText.format(bytes) == glibc)
            #expect(IPText.canonical(glibc) == glibc)
            compared += 1
        }
        #expect(compared > 4000)
    }

    @Test func oneClientOneVisitorHoweverItsAddressIsSpelled() throws {
        let enricher = Enricher(allowedSites: [], visitorID: VisitorID(secret: Array("s".utf8)), checksTimeWindow: false)
        let hit = RawHit(fields: ["site": "example.com", "url": "/", "ts": "2026-03-10T09:00:00Z"])
        let visitors = try ["2001:db8::1", "2001:db8:0:0:0:0:0:1", "2001:DB8::1", "[2001:db8::1]:80"].map { ip in
            try enricher.event(from: hit, context: HitContext(ip: ip, userAgent: "UA", country: "", receivedMillis: 0)) {
                "0123456789abcdef0123456789abcdef"
            }.visitor
        }
        #expect(Set(visitors).count == 1)
    }

    // MARK: request targets (RFC 9112 §3.2)

    @Test(arguments: [
        ("/", RequestTargetForm.origin),
        ("//blog/first-post", .origin),
        ("/a?b=c", .origin),
        ("http://example.com/x", .absolute),
        ("HTTPS://example.com", .absolute),
        ("*", .asterisk),
        ("example.com:443", .authority),
        ("192.0.2.1:8443", .authority),
        ("ftp://example.com/file", .other),
        ("", .other),
        ("blog/first-post", .other),
        ("\\x16\\x03\\x01", .other),
    ])
    func requestTargetForm(_ target: String, _ form: RequestTargetForm) {
        #expect(RequestTargetForm(target) == form)
    }

    @Test(arguments: [
        ("//blog/first-post", "", "//blog/first-post"),
        ("///a//b/", "", "///a//b/"),
        ("/pricing?utm_source=x", "", "/pricing"),
        ("http://Example.COM//blog/post?x#y", "example.com", "//blog/post"),
        ("https://example.com", "example.com", "/"),
        ("pricing", "", "/pricing"),
    ])
    func pageURLTakesThePathByForm(_ url: String, _ host: String, _ path: String) {
        let page = PageURL(parsing: url)
        #expect(page.host == host)
        #expect(page.path == path)
    }

    // MARK: path normal form (SPEC §1 `path`)

    @Test(arguments: [
        ("/caf%c3%a9", "/café"),
        ("/caf%C3%A9", "/café"),
        ("/café", "/café"),
        ("/last%5fversion", "/last_version"),
        ("/a%2fb", "/a%2Fb"),
        ("/a%2Fb", "/a%2Fb"),
        ("/%7euser", "/~user"),
        ("/%41%42", "/AB"),
        ("/a%20b", "/a%20b"),
        ("/a b", "/a%20b"),
        ("/%3a%40%21%24%26%27%28%29%2a%2b%2c%3b%3d%5b%5d%3f%23", "/%3A%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%5B%5D%3F%23"),
        ("/%25", "/%25"),
        ("/100%", "/100%25"),
        ("/%zz", "/%25zz"),
        ("/%00%1f%7f", "/%00%1F%7F"),
        ("/%e2%82%ac", "/€"),
        ("/%F0%9F%98%80", "/😀"),
        ("/%e2%82", "/%E2%82"),
        ("/%ff", "/%FF"),
        ("/caf%c3", "/caf%C3"),
        ("/%c3%28", "/%C3%28"),
        ("/%c3%41", "/%C3A"),
        ("/%c0%af", "/%C0%AF"),
        ("/%ed%a0%80", "/%ED%A0%80"),
        ("/%f4%90%80%80", "/%F4%90%80%80"),
        ("/caf\u{E9}%c3%a9", "/café\u{E9}"),
        ("/plain/path-1.html", "/plain/path-1.html"),
        ("/", "/"),
    ])
    func pathNormalForm(_ input: String, _ expected: String) {
        #expect(PagePath.normalized(Substring(input)) == expected)
        // The normal form is a fixed point.
        #expect(PagePath.normalized(Substring(expected)) == expected)
    }

    @Test func invalidUTF8BytesStayEncoded() {
        var out: [UInt8] = []
        PagePath.normalize([0x2F, 0xFF, 0x63, 0xC3, 0xA9, 0xC3], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "/%FFcé%C3")
    }

    // MARK: web-server escapes in quoted log fields

    @Test(arguments: [
        (#"/caf\xC3\xA9"#, [0x2F, 0x63, 0x61, 0x66, 0xC3, 0xA9] as [UInt8]),
        (#"/caf\xc3\xa9"#, [0x2F, 0x63, 0x61, 0x66, 0xC3, 0xA9]),
        (#"a\"b"#, Array(#"a"b"#.utf8)),
        (#"a\\b"#, Array(#"a\b"#.utf8)),
        (#"a\x22b"#, Array(#"a"b"#.utf8)),
        (#"a\nb\tc"#, [0x61, 0x0A, 0x62, 0x09, 0x63]),
        (#"a\qb"#, Array(#"a\qb"#.utf8)),
        (#"end\x2"#, Array(#"end\x2"#.utf8)),
        ("plain", Array("plain".utf8)),
    ])
    func logEscapes(_ field: String, _ bytes: [UInt8]) {
        #expect(LogEscapes.unescape(Array(field.utf8)) == bytes)
    }

    @Test func escapedFieldsOfALine() throws {
        let line =
            #"192.0.2.1 - - [10/Mar/2026:15:00:00 +0000] "GET /caf\xC3\xA9?q=\x22ab\x22 HTTP/1.1" 200 5 "https://example.org/\"x\"" "Agent \"quoted\" \\ v1""#
        let r = try AccessLogRecord(parsing: line)
        #expect(r.target == #"/caf%C3%A9?q="ab""#)
        #expect(PageURL(parsing: r.target).path == "/café")
        #expect(r.referrer == #"https://example.org/"x""#)
        #expect(r.userAgent == #"Agent "quoted" \ v1"#)
    }

    // MARK: log layouts

    static let ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    @Test(arguments: [
        (#"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "UA""#, AccessLogFormat.combined, 0, ""),
        (#"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "UA" 0.004 "198.51.100.1" "-""#, .combined, 3, ""),
        (#"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "UA" rt=0.004 uct="0.000""#, .combined, 2, ""),
        (#"192.0.2.1 - frank [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.0" 304 -"#, .common, 0, ""),
        (#"2001:db8::1 - - [10/Mar/2026:09:00:00 +0100] "GET / HTTP/1.1" 200 100"#, .common, 0, ""),
        (#"example.com:443 192.0.2.50 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "UA""#, .vhostCombined, 0, "example.com"),
        (#"Shop.Example.com:80 2001:db8::5 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "UA""#, .vhostCombined, 0, "shop.example.com"),
        (#"example.com 192.0.2.50 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100"#, .vhostCommon, 0, "example.com"),
    ])
    func layoutOfALine(_ line: String, _ format: AccessLogFormat, _ extra: Int, _ vhost: String) throws {
        let r = try AccessLogRecord(parsing: line)
        #expect(r.format == format)
        #expect(r.extraFields == extra)
        #expect(r.virtualHost == vhost)
        #expect(IPText.canonical(r.ip) != nil)
        #expect(r.target == "/")
    }

    @Test(arguments: [
        #"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-""#,
        #"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 0.004"#,
        #"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200"#,
        #"192.0.2.1 [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100"#,
        #"a b c d e [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100"#,
        "Mar 10 14:00:00 web1 sshd[811]: Accepted publickey for deploy from 192.0.2.9 port 52211",
    ])
    func linesInNoLayoutAreRefused(_ line: String) {
        #expect(throws: IngestError.self) { try AccessLogRecord(parsing: line) }
    }

    @Test func commonLogFormatIsNotABot() throws {
        let r = try AccessLogRecord(parsing: #"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100"#)
        let enricher = Enricher(allowedSites: [], visitorID: VisitorID(secret: Array("s".utf8)), checksTimeWindow: false)
        var context = HitContext(ip: r.ip, userAgent: "", country: "", receivedMillis: 0)
        context.carriesUserAgent = r.format.hasUserAgent
        let e = try enricher.event(from: r.hit(site: "example.com"), context: context) { "0123456789abcdef0123456789abcdef" }
        #expect(e.device == .desktop)
        // A Combined line whose agent is "-" still is: real browsers always send one.
        let combined = try AccessLogRecord(parsing: #"192.0.2.1 - - [10/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "-""#)
        let c = HitContext(ip: combined.ip, userAgent: "", country: "", receivedMillis: 0)
        #expect(try enricher.event(from: combined.hit(site: "example.com"), context: c) { "0123456789abcdef0123456789abcdef" }.device == .bot)
    }

    // MARK: limits apply to what is stored

    @Test func longQueryStringIsDroppedNotRefused() throws {
        let query = (0..<50).map { "fbclid_\($0)=" + String(repeating: "x", count: 60) }.joined(separator: "&")
        let hit = RawHit(fields: [
            "site": "example.com", "url": "https://example.com/landing?utm_source=news&" + query,
            "referrer": "https://www.example.org/?" + query, "ts": "2026-03-10T09:00:00Z",
        ])
        let enricher = Enricher(allowedSites: [], visitorID: VisitorID(secret: Array("s".utf8)), checksTimeWindow: false)
        let e = try enricher.event(from: hit, context: HitContext(ip: "192.0.2.1", userAgent: Self.ua, country: "", receivedMillis: 0)) {
            "0123456789abcdef0123456789abcdef"
        }
        #expect(e.path == "/landing")
        #expect(e.utmSource == "news")
        #expect(e.refHost == "example.org")
        let longPath = RawHit(fields: ["site": "example.com", "url": "/" + String(repeating: "p", count: 3000)])
        #expect(throws: IngestError.self) {
            try enricher.event(from: longPath, context: HitContext(ip: "", userAgent: Self.ua, country: "", receivedMillis: 0))
        }
    }

    // MARK: gzip as tools leave it

    @Test func gzipZeroPaddingIsAcceptedOtherTrailingBytesAreNot() throws {
        let member = try GzipDeflater.compress(Array("a line\n".utf8))
        #expect(try GzipInflater.decompress(member + [UInt8](repeating: 0, count: 4096)) == Array("a line\n".utf8))
        #expect(try GzipInflater.decompress(member + member + [0, 0]) == Array("a line\na line\n".utf8))
        #expect(throws: CodecError.self) { try GzipInflater.decompress(member + [0, 0, 0x41]) }
        #expect(throws: CodecError.self) { try GzipInflater.decompress(member + Array("garbage".utf8)) }
        // Padding split over several writes.
        let inflater = try GzipInflater()
        var out: [UInt8] = []
        for piece in [member, [0, 0], [0]] {
            try piece.withUnsafeBytes { raw in try inflater.write(raw) { out.append(contentsOf: $0) } }
        }
        try inflater.finish()
        #expect(out == Array("a line\n".utf8))
    }

    // MARK: robustness

    /// Random splices of log-line pieces and bytes never crash the parsers,
    /// and every path they give is a fixed point of the normal form.
    @Test func fuzzedLinesNeverCrash() {
        var state: UInt64 = 20_260_310
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pieces: [[UInt8]] = [
            "192.0.2.1", " ", "-", "[10/Mar/2026:09:00:00 +0000]", "\"", "GET", "/caf", "\\x", "C3", "%", "%c3", "%a9",
            "\\", "\\\"", "HTTP/1.1", "200", "100", "example.com:443", "::ffff:", "[", "]", "?", "#", "//", "*",
        ].map { Array($0.utf8) }
        for _ in 0..<20_000 {
            var line: [UInt8] = []
            for _ in 0..<Int(next() % 24) {
                if next() % 5 == 0 { line.append(UInt8(truncatingIfNeeded: next())) } else { line += pieces[Int(next() % UInt64(pieces.count))] }
            }
            if case .success(let r) = line.withUnsafeBytes({ AccessLogRecord.parse($0) }) {
                _ = r.notPageViewReason
                let path = PageURL(parsing: r.target).path
                #expect(PagePath.normalized(Substring(path)) == path)
            }
            var out: [UInt8] = []
            PagePath.normalize(line, into: &out)
            let once = String(decoding: out, as: UTF8.self)
            #expect(PagePath.normalized(Substring(once)) == once)
            _ = LogEscapes.unescape(line)
            _ = IPText.canonical(String(decoding: line, as: UTF8.self))
        }
    }
}
