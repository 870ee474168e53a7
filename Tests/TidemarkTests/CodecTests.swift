import Foundation
import Testing
import TidemarkCodec
import TidemarkCore

@Suite("gzip and segments")
struct CodecTests {
    static func lines(_ n: Int, site: String = "example.com", hour: String = "10") -> [String] {
        (0..<n).map { i in
            let id = String(format: "%032x", i + 1)
            let sec = String(format: "%02d", i % 60)
            return #"{"id":"\#(id)","ts":"2026-11-26T\#(hour):15:\#(sec).000Z","site":"\#(site)","type":"pageview","name":"","path":"/p\#(i % 7)","ref_host":"","utm_source":"","utm_medium":"","utm_campaign":"","visitor":"00112233445566\#(String(format: "%02x", i % 200))","country":"","browser":"","os":"","device":"desktop"}"#
        }
    }

    @Test func gzipRoundTripsAndReadsMultipleMembers() throws {
        let a = Array("hello\nworld\n".utf8)
        let b = Array(String(repeating: "x", count: 300_000).utf8)
        let joined = try GzipDeflater.compress(a) + GzipDeflater.compress(b)
        #expect(try GzipInflater.decompress(joined) == a + b)
    }

    @Test func gzipOutputMatchesSystemGunzip() throws {
        let text = Array(Self.lines(50).joined(separator: "\n").utf8)
        let gz = try GzipDeflater.compress(text)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.gz")
        try Data(gz).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -dc '\(file.path)' > '\(dir.path)/out'"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(Array(try Data(contentsOf: dir.appendingPathComponent("out"))) == text)
    }

    @Test func truncatedGzipIsDetected() throws {
        let gz = try GzipDeflater.compress(Array(Self.lines(100).joined(separator: "\n").utf8))
        for cut in [gz.count - 1, gz.count - 8, gz.count / 2, 11] {
            #expect(throws: CodecError.self) { try GzipInflater.decompress(Array(gz.prefix(cut))) }
        }
    }

    @Test func corruptGzipIsDetected() throws {
        var gz = try GzipDeflater.compress(Array(Self.lines(100).joined(separator: "\n").utf8))
        gz[gz.count - 6] ^= 0xFF  // CRC
        #expect(throws: CodecError.self) { try GzipInflater.decompress(gz) }
        let good = try GzipDeflater.compress(Array("abc".utf8))
        #expect(throws: CodecError.self) { try GzipInflater.decompress(good + [0x00, 0x01, 0x02]) }
        #expect(throws: CodecError.self) { try GzipInflater.decompress(Array("not gzip at all".utf8)) }
    }

    @Test func segmentsAreContentAddressedAndDeterministic() throws {
        func build() throws -> SealedSegment {
            let b = try SegmentBuilder(site: "example.com", hour: UTCHour(day: Timestamp.parseDay("2026-11-26") ?? 0, hour: 10))
            for line in Self.lines(20) {
                guard case .event(let e) = EventParser.parse(line) else { throw CodecError.corrupt("fixture") }
                var l = line
                try l.withUTF8 { try b.append(line: UnsafeRawBufferPointer($0), epochMillis: e.epochMillis) }
            }
            return try b.seal(prefix: "tm")
        }
        let s1 = try build()
        let s2 = try build()
        #expect(s1.bytes == s2.bytes)
        #expect(s1.key == s2.key)
        #expect(s1.key.key.hasPrefix("tm/events/site=example.com/date=2026-11-26/hour=10/20261126T101500000Z-"))
        #expect(s1.key.key.hasSuffix(String(s1.sha256.prefix(16)) + ".ndjson.gz"))
        #expect(SegmentKey(parsing: s1.key.key, prefix: "tm") == s1.key)
        #expect(SegmentKey(parsing: s1.key.key, prefix: "other") == nil)

        var read: [String] = []
        try SegmentReader.forEachLine(in: s1.bytes, key: s1.key.key) { read.append(String(decoding: $0, as: UTF8.self)) }
        #expect(read == Self.lines(20))
    }

    @Test func verifyRejectsWrongChecksums() throws {
        let gz = try GzipDeflater.compress(Array("a\n".utf8))
        let sha = Checksum.sha256Hex(gz)
        #expect(try SegmentReader.verify(gz, sha256: sha, keyPrefix: String(sha.prefix(16)), key: "k") == sha)
        #expect(throws: CodecError.self) { try SegmentReader.verify(gz, sha256: nil, keyPrefix: nil, key: "k") }
        #expect(throws: CodecError.self) {
            try SegmentReader.verify(gz, sha256: String(repeating: "0", count: 64), keyPrefix: nil, key: "k")
        }
        #expect(throws: CodecError.self) {
            try SegmentReader.verify(gz, sha256: sha, keyPrefix: "0000000000000000", key: "k")
        }
    }

    @Test func batcherSplitsBySiteAndHourAndSize() throws {
        var limits = SegmentBatcher.Limits()
        limits.maxEvents = 30
        let batcher = SegmentBatcher(prefix: "tm", limits: limits)
        var sealed: [SealedSegment] = []
        let input = Self.lines(70, hour: "10") + Self.lines(5, hour: "11") + Self.lines(3, site: "b.example", hour: "10")
        for line in input {
            guard case .event(let e) = EventParser.parse(line) else { throw CodecError.corrupt("fixture") }
            var l = line
            sealed += try l.withUTF8 { try batcher.add(line: UnsafeRawBufferPointer($0), event: e) }
        }
        sealed += try batcher.finish()
        #expect(sealed.map(\.eventCount).reduce(0, +) == 78)
        #expect(sealed.count == 5)  // 30 + 30 + 10 at 10:00, 5 at 11:00, 3 for b.example
        #expect(sealed.allSatisfy { $0.eventCount <= 30 })
        #expect(Set(sealed.map(\.key.key)).count == 5)
    }

    @Test func lineSplitterJoinsAcrossChunks() throws {
        var splitter = LineSplitter()
        var out: [String] = []
        for chunk in ["ab", "c\nde", "f\r\n\ng", "h"] {
            var c = chunk
            c.withUTF8 { splitter.feed(UnsafeRawBufferPointer($0)) { out.append(String(decoding: $0, as: UTF8.self)) } }
        }
        splitter.finish { out.append(String(decoding: $0, as: UTF8.self)) }
        #expect(out == ["abc", "def", "", "gh"])
    }
}
