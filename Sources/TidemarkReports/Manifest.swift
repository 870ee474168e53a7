/// `manifest.json`: which input segments a report was built from, and in
/// which time zone (SPEC §3.1, §4).
///
/// It lets the job runner see whether a window's inputs changed without
/// rebuilding it; a manifest of another zone (or of version 1, from before
/// zones) marks its window as changed. Segments are sorted by key in UTF-8 byte order and written
/// pretty like `report.json`, so equal inputs give equal bytes whatever order
/// they were listed in.
package struct ReportManifest: Sendable, Hashable {
    /// Version of the manifest format.
    package static let version = 2

    /// The report window.
    package var window: ReportWindow
    /// The segments of the partitions the window overlaps, sorted by key.
    package private(set) var segments: [ManifestSegment]
    /// Segments of earlier partitions read only to find where visits start
    /// (an hourly window's lookback span), sorted by key; empty for daily windows.
    package private(set) var lookback: [ManifestSegment]

    /// Whether every collector's watermark had passed the window's end when
    /// the report was built; the runner rebuilds when this changes.
    package var complete: Bool

    /// A manifest; the segment lists are sorted here, duplicates of one key
    /// with one checksum kept once.
    package init(
        window: ReportWindow, segments: [ManifestSegment], lookback: [ManifestSegment] = [], complete: Bool = true
    ) {
        self.window = window
        self.complete = complete
        self.segments = Self.sorted(segments)
        self.lookback = Self.sorted(lookback)
    }

    private static func sorted(_ list: [ManifestSegment]) -> [ManifestSegment] {
        var out: [ManifestSegment] = []
        for s in list.sorted(by: ManifestSegment.precedes) where out.last != s { out.append(s) }
        return out
    }

    /// The JSON text, ending in a newline.
    package var jsonString: String {
        func list(_ l: [ManifestSegment]) -> JSONNode {
            .array(l.map { .object([("key", .string($0.key)), ("sha256", .string($0.sha256))]) })
        }
        return JSONNode.object([
            ("manifest_version", .int(Self.version)),
            ("site", .string(window.site)),
            ("window", ReportJSONWriter.windowNode(window, timeZone: true)),
            ("complete", .bool(complete)),
            ("segments", list(segments)),
            ("lookback_segments", list(lookback)),
        ]).prettyText
    }

    /// The JSON bytes (UTF-8).
    package var jsonBytes: [UInt8] { Array(jsonString.utf8) }
}

/// One input segment of a report: its object key and the SHA-256 of its bytes.
package struct ManifestSegment: Sendable, Hashable, Codable {
    /// The segment's object key.
    package var key: String
    /// 64 lowercase hex digits.
    package var sha256: String

    /// Memberwise initialiser.
    package init(key: String, sha256: String) {
        self.key = key
        self.sha256 = sha256
    }

    /// Key in UTF-8 byte order, then checksum.
    static func precedes(_ a: ManifestSegment, _ b: ManifestSegment) -> Bool {
        if !UTF8Bytes.sameBytes(a.key, b.key) { return a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
        return a.sha256.utf8.lexicographicallyPrecedes(b.sha256.utf8)
    }
}
