import Testing
import TidemarkCore

@Suite("Event line parser")
struct EventParserTests {
    static let valid =
        #"{"id":"0123456789abcdef0123456789abcdef","ts":"2026-11-26T10:15:03.123Z","site":"example.com","type":"pageview","name":"","path":"/pricing","ref_host":"google.com","utm_source":"news","utm_medium":"","utm_campaign":"","visitor":"0011223344556677","country":"NL","browser":"Firefox","os":"Linux","device":"desktop"}"#

    @Test func parsesAValidLine() throws {
        guard case .event(let e) = EventParser.parse(Self.valid) else {
            Issue.record("valid line rejected")
            return
        }
        #expect(e.id == "0123456789abcdef0123456789abcdef")
        #expect(e.epochMillis == 1_795_688_103_123)
        #expect(e.path == "/pricing")
        #expect(e.refHost == "google.com")
        #expect(e.device == .desktop)
        #expect(e.hour.dateString == "2026-11-26")
        #expect(e.hour.hourString == "10")
    }

    @Test func encoderRoundTrips() throws {
        guard case .event(let e) = EventParser.parse(Self.valid) else {
            Issue.record("valid line rejected")
            return
        }
        #expect(EventEncoder.line(e) == Self.valid)
    }

    @Test func keepsUnknownFieldsOfAnyType() {
        let line = Self.valid.replacingOccurrences(
            of: #""device":"desktop"}"#,
            with: #""device":"desktop","extra":{"a":[1,2.5e3,true,null,{"b":"}"}]},"n":-3}"#)
        guard case .event = EventParser.parse(line) else {
            Issue.record("extra fields made the line invalid")
            return
        }
    }

    @Test func decodesEscapes() {
        let line = Self.valid.replacingOccurrences(of: #""path":"/pricing""#, with: #""path":"/caf\u00e9\/x\"y\ud83d\ude00""#)
        guard case .event(let e) = EventParser.parse(line) else {
            Issue.record("escaped path rejected")
            return
        }
        #expect(e.path == "/café/x\"y😀")
        #expect(EventEncoder.line(e).contains(#""path":"/café/x\"y😀""#))
    }

    @Test func byteAndStringQuotingAgree() {
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        for text in ["", "plain", controls, "a\"b\\c", "\r\n", "é😀\u{7F}", "/e\u{301}"] {
            var bytes: [UInt8] = []
            JSONText.appendString(text, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONText.quoted(text))
            // And the quoted text reads back as the same bytes.
            let line = Self.valid.replacingOccurrences(of: #""name":"""#, with: #""name":"# + JSONText.quoted(text))
            guard case .event(let e) = EventParser.parse(line) else {
                Issue.record("quoted \(Array(text.utf8)) did not parse")
                continue
            }
            #expect(Array(e.name.utf8) == Array(text.utf8))
        }
    }

    @Test func blankLinesAreBlank() {
        guard case .blank = EventParser.parse("   \t ") else {
            Issue.record("blank line not blank")
            return
        }
    }

    static let badLines: [(String, String)] = [
        ("missing id", valid.replacingOccurrences(of: #""id":"0123456789abcdef0123456789abcdef","#, with: "")),
        ("id uppercase", valid.replacingOccurrences(of: "0123456789abcdef0123456789abcdef", with: "0123456789ABCDEF0123456789abcdef")),
        ("id short", valid.replacingOccurrences(of: "0123456789abcdef0123456789abcdef", with: "0123456789abcdef")),
        ("id not a string", valid.replacingOccurrences(of: #""0123456789abcdef0123456789abcdef""#, with: "12")),
        ("ts without millis", valid.replacingOccurrences(of: "10:15:03.123Z", with: "10:15:03Z")),
        ("ts offset", valid.replacingOccurrences(of: "10:15:03.123Z", with: "10:15:03.123+01:00")),
        ("ts feb 30", valid.replacingOccurrences(of: "2026-11-26", with: "2026-02-30")),
        ("ts hour 24", valid.replacingOccurrences(of: "T10:15", with: "T24:15")),
        ("ts leap second", valid.replacingOccurrences(of: "10:15:03", with: "10:15:60")),
        ("site uppercase", valid.replacingOccurrences(of: "example.com", with: "Example.com")),
        ("type unknown", valid.replacingOccurrences(of: #""pageview""#, with: #""click""#)),
        ("device unknown", valid.replacingOccurrences(of: #""desktop""#, with: #""phone""#)),
        ("path relative", valid.replacingOccurrences(of: #""/pricing""#, with: #""pricing""#)),
        ("visitor short", valid.replacingOccurrences(of: "0011223344556677", with: "00112233")),
        ("name null", valid.replacingOccurrences(of: #""name":"""#, with: #""name":null"#)),
        ("not an object", "[1,2,3]"),
        ("truncated", String(valid.dropLast(5))),
        ("trailing garbage", valid + " x"),
        ("control char", valid.replacingOccurrences(of: "/pricing", with: "/pri\u{01}cing")),
        ("bad escape", valid.replacingOccurrences(of: "/pricing", with: #"/pri\qcing"#)),
        ("lone surrogate", valid.replacingOccurrences(of: "/pricing", with: #"/\ud800x"#)),
    ]

    @Test(arguments: badLines)
    func rejectsBadLines(_ name: String, _ line: String) {
        guard case .invalid = EventParser.parse(line) else {
            Issue.record("\(name) was accepted")
            return
        }
    }

    @Test func rejectsInvalidUTF8() {
        var bytes = Array(Self.valid.utf8)
        let i = bytes.firstIndex(of: UInt8(ascii: "p")) ?? 0
        bytes.insert(0xFF, at: i + 30)
        let result = bytes.withUnsafeBytes { EventParser.parse($0) }
        guard case .invalid = result else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
    }

    @Test func leapDayIsReal() {
        #expect(Timestamp.parseMillis("2028-02-29T00:00:00.000Z") != nil)
        #expect(Timestamp.parseMillis("2026-02-29T00:00:00.000Z") == nil)
        #expect(Timestamp.formatMillis(1_795_688_103_123) == "2026-11-26T10:15:03.123Z")
        #expect(Timestamp.formatDay(Timestamp.parseDay("1999-12-31") ?? 0) == "1999-12-31")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
