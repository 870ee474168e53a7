import Foundation
import Logging
import Synchronization
import Testing
import TidemarkLog

/// The log handler's line formats (docs/LOGGING.md): logfmt quoting, JSON
/// validity, key order, levels and metadata, without a process.
@Suite("Log lines")
struct LogLineTests {
    /// 2026-11-26T10:00:00.123Z
    static let millis: Int64 = 1_795_687_200_123

    static func logfmt(_ message: String, _ metadata: Logger.Metadata = [:], level: Logger.Level = .info) -> String {
        LogLine.render(format: .logfmt, timestampMillis: millis, level: level, message: message, metadata: metadata)
    }

    static func json(_ message: String, _ metadata: Logger.Metadata = [:]) throws -> [String: Any] {
        let line = LogLine.render(format: .json, timestampMillis: millis, level: .warning, message: message, metadata: metadata)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(line)")
    }

    @Test func startsWithTimeLevelAndMessage() {
        #expect(Self.logfmt("window built", ["job": "daily"]) == #"ts=2026-11-26T10:00:00.123Z level=info msg="window built" job=daily"#)
    }

    /// A value and how logfmt writes it: bare when it can be, else quoted with JSON escapes.
    static let values: [(String, String)] = [
        ("plain", "plain"),
        ("daily/site=example.com/date=2026-11-26", #""daily/site=example.com/date=2026-11-26""#),
        ("", #""""#),
        ("two words", #""two words""#),
        ("a=b", #""a=b""#),
        (#"say "hi""#, #""say \"hi\"""#),
        ("line one\nline two", #""line one\nline two""#),
        ("cr\rlf", #""cr\rlf""#),
        ("tab\there", #""tab\there""#),
        (#"back\slash"#, #""back\\slash""#),
        ("bell\u{07}", #""bell\u0007""#),
        ("eu,us", "eu,us"),
        ("Zürich", "Zürich"),
        ("0.125", "0.125"),
    ]

    @Test(arguments: values)
    func logfmtQuotesOnlyWhenNeeded(value: String, written: String) throws {
        let line = Self.logfmt("m", ["key": .string(value)])
        #expect(line.hasSuffix(" key=" + written), "\(line)")
        #expect(!line.contains("\n"))
        let fields = try #require(LogfmtParser.fields(line), "does not parse: \(line)")
        #expect(fields["key"] == value)
    }

    @Test(arguments: values.map(\.0))
    func messagesAndJSONValuesRoundTrip(value: String) throws {
        let fields = try #require(LogfmtParser.fields(Self.logfmt(value)))
        #expect(fields["msg"] == value)
        let object = try Self.json(value, ["error": .string(value)])
        #expect(object["msg"] as? String == value)
        #expect(object["error"] as? String == value)
    }

    @Test func keysComeInTheDocumentedOrder() throws {
        let metadata: Logger.Metadata = [
            "error": "boom", "zeta": "1", "region": "eu", "alpha": "2", "job": "daily", "key": "tm/x", "window": "w",
            "site": "example.com", "status": "failed", "at": "f:1",
        ]
        let keys = try #require(LogfmtParser.parse(Self.logfmt("m", metadata))).map(\.key)
        #expect(keys == ["ts", "level", "msg", "job", "window", "site", "region", "key", "at", "status", "alpha", "zeta", "error"])
        let line = LogLine.render(format: .json, timestampMillis: Self.millis, level: .info, message: "m", metadata: metadata)
        let positions = keys.map { key in line.range(of: "\"\(key)\":").map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? -1 }
        #expect(positions == positions.sorted() && !positions.contains(-1), "\(line)")
    }

    @Test(arguments: ["a key", "k=v", "quo\"te", ""])
    func oddKeysStayParseable(key: String) throws {
        let line = Self.logfmt("m", [key: "v"])
        let pairs = try #require(LogfmtParser.parse(line), "does not parse: \(line)")
        #expect(pairs.count == 4)
        #expect(pairs.last?.value == "v")
    }

    @Test func jsonKeepsNumbersStructuresAndTheRest() throws {
        let object = try Self.json(
            "m",
            [
                "segments": .stringConvertible(25), "seconds": .stringConvertible(0.125), "ok": .stringConvertible(true),
                "regions": .array(["eu", "us"]), "sizes": .dictionary(["eu": .stringConvertible(3)]),
                "nan": .stringConvertible(Double.nan), "window": "daily/site=a.com/date=2026-11-26",
            ])
        #expect(object["ts"] as? String == "2026-11-26T10:00:00.123Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["segments"] as? Int == 25)
        #expect(object["seconds"] as? Double == 0.125)
        #expect(object["ok"] as? Bool == true)
        #expect(object["regions"] as? [String] == ["eu", "us"])
        #expect((object["sizes"] as? [String: Int]) == ["eu": 3])
        #expect(object["nan"] as? String == "nan")
        #expect(object["window"] as? String == "daily/site=a.com/date=2026-11-26")
    }

    @Test func logfmtFlattensArraysAndDictionaries() throws {
        let fields = try #require(
            LogfmtParser.fields(Self.logfmt("m", ["regions": .array(["eu", "us"]), "sizes": .dictionary(["us": "2", "eu": "1"])])))
        #expect(fields["regions"] == "eu,us")
        #expect(fields["sizes"] == "eu:1,us:2")
    }

    /// Captures what a handler writes.
    final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        func logger(format: LogFormat = .logfmt, level: Logger.Level) -> Logger {
            Logger(label: "test") { _ in
                LineLogHandler(format: format, level: level, sink: { line in self.lines.withLock { $0.append(line) } }, nowMillis: { LogLineTests.millis })
            }
        }
        var all: [String] { lines.withLock { $0 } }
    }

    static let levels: [(Logger.Level, Logger.Level, Bool)] = [
        (.info, .debug, false), (.info, .info, true), (.info, .error, true),
        (.warning, .notice, false), (.warning, .warning, true), (.trace, .trace, true), (.critical, .error, false),
    ]

    @Test(arguments: levels)
    func recordsBelowTheLevelAreDropped(threshold: Logger.Level, record: Logger.Level, written: Bool) throws {
        let capture = Capture()
        capture.logger(level: threshold).log(level: record, "hello")
        #expect(capture.all.count == (written ? 1 : 0))
        if written {
            let line = try #require(capture.all.first)
            #expect(line.hasSuffix("\n") && line.filter { $0 == "\n" }.count == 1)
            #expect(LogfmtParser.fields(String(line.dropLast()))?["level"] == record.rawValue)
        }
    }

    @Test func recordMetadataWinsOverTheLoggers() throws {
        let capture = Capture()
        var logger = capture.logger(format: .json, level: .info)
        logger[metadataKey: "job"] = "daily"
        logger[metadataKey: "region"] = "eu"
        logger.info("drain failed", metadata: ["region": "us", "error": "timeout"])
        let line = try #require(capture.all.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object == ["ts": "2026-11-26T10:00:00.123Z", "level": "info", "msg": "drain failed", "job": "daily", "region": "us", "error": "timeout"])
    }
}
