import TidemarkCore

/// A sealed segment: gzip NDJSON bytes, their checksum and their key.
package struct SealedSegment: Sendable {
    /// Where the segment goes in every bucket.
    package var key: SegmentKey
    /// The gzip stream.
    package var bytes: [UInt8]
    /// Hex SHA-256 of `bytes`; stored as `x-amz-meta-sha256`.
    package var sha256: String
    /// Number of event lines.
    package var eventCount: Int
}

/// Collects the event lines of one site and UTC hour and seals them into a
/// content-addressed segment (SPEC §2).
package final class SegmentBuilder {
    /// The site all lines belong to.
    package let site: String
    /// The hour all lines belong to.
    package let hour: UTCHour
    private let deflater: GzipDeflater
    private var earliest = Int64.max
    /// Lines added so far.
    package private(set) var eventCount = 0
    /// Uncompressed bytes added so far.
    package private(set) var rawBytes = 0

    /// Starts an empty segment.
    package init(site: String, hour: UTCHour) throws {
        self.site = site
        self.hour = hour
        deflater = try GzipDeflater()
    }

    /// Adds one event line (without its newline) whose time is `epochMillis`.
    package func append(line: UnsafeRawBufferPointer, epochMillis: Int64) throws {
        try deflater.write(line)
        try deflater.write(Self.newline)
        earliest = min(earliest, epochMillis)
        eventCount += 1
        rawBytes += line.count + 1
    }

    private static let newline: [UInt8] = [0x0A]

    /// Ends the gzip member and names the segment after its content:
    /// `{earliest ts, compact}-{first 16 hex of SHA-256}`.
    package func seal(prefix: String) throws -> SealedSegment {
        let bytes = try deflater.finish()
        let sha = Checksum.sha256Hex(bytes)
        let id = Self.compactTime(earliest == .max ? hour.startSeconds * 1000 : earliest) + "-" + sha.prefix(16)
        return SealedSegment(
            key: SegmentKey(prefix: prefix, site: site, hour: hour, segmentID: id), bytes: bytes, sha256: sha,
            eventCount: eventCount)
    }

    // 2026-11-26T10:15:03.123Z → 20261126T101503123Z: sorts like the time.
    static func compactTime(_ millis: Int64) -> String {
        String(Timestamp.formatMillis(millis).filter { $0 != "-" && $0 != ":" && $0 != "." })
    }
}
