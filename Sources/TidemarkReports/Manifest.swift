/// `manifest.json` of an hourly or daily report (SPEC §3.1, §4;
/// Schemas/manifest.v2.schema.json): which input segments the report was
/// built from, and in which time zone. The one type of the format: the job
/// runner writes it (``jsonString``) and reads it back (`Decodable`) to see
/// whether a window's inputs changed without rebuilding it.
///
/// Written pretty like `report.json`, keys in the order of ``CodingKeys``,
/// through ``JSONNodeEncoder``; segments sorted by key in UTF-8 byte order, so
/// equal inputs give equal bytes whatever order they were listed in.
/// Manifests from before zones (version 1) read back with no
/// `window.time_zone` (their window counts as changed); a missing `complete`
/// reads as true and missing segment lists as empty, as version 1 wrote them.
package struct ReportManifest: Sendable, Hashable, Codable {
    /// Version of the manifest format this build writes.
    package static let version = 2

    /// `manifest_version`: ``version`` when built here; 1 for a manifest read
    /// back from before zones.
    package var manifestVersion: Int
    /// `site`.
    package var site: String
    /// `window`: the report window as `report.json` states it.
    package var window: StoredWindow
    /// `complete`: whether every collector's watermark had passed the window's
    /// end when the report was built; the runner rebuilds when this changes.
    package var complete: Bool
    /// `segments`: the segments of the partitions the window overlaps, sorted by key.
    package private(set) var segments: [ManifestSegment]
    /// `lookback_segments`: segments of earlier partitions read only to find
    /// where visits start (an hourly window's lookback span), sorted by key;
    /// empty for daily windows.
    package private(set) var lookback: [ManifestSegment]

    enum CodingKeys: String, CodingKey {
        case manifestVersion = "manifest_version"
        case site, window, complete, segments
        case lookback = "lookback_segments"
    }

    /// A manifest of `window`; the segment lists are sorted here, duplicates
    /// of one key with one checksum kept once.
    package init(
        window: ReportWindow, segments: [ManifestSegment], lookback: [ManifestSegment] = [], complete: Bool = true
    ) {
        manifestVersion = Self.version
        site = window.site
        self.window = StoredWindow(window)
        self.complete = complete
        self.segments = ManifestSegment.sorted(segments)
        self.lookback = ManifestSegment.sorted(lookback)
    }

    /// Reads a stored manifest, version 1 or 2.
    ///
    /// - Throws: `DecodingError` naming the field that is missing or wrong.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        manifestVersion = try c.decodeIfPresent(Int.self, forKey: .manifestVersion) ?? 1
        site = try c.decode(String.self, forKey: .site)
        window = try c.decode(StoredWindow.self, forKey: .window)
        complete = try c.decodeIfPresent(Bool.self, forKey: .complete) ?? true
        segments = try c.decodeIfPresent([ManifestSegment].self, forKey: .segments) ?? []
        lookback = try c.decodeIfPresent([ManifestSegment].self, forKey: .lookback) ?? []
    }

    /// The JSON text, ending in a newline.
    package var jsonString: String { JSONNodeEncoder.prettyText(self) }

    /// The JSON bytes (UTF-8).
    package var jsonBytes: [UInt8] { Array(jsonString.utf8) }
}

/// One input of a report: the object key and the SHA-256 of its bytes (a
/// segment in ``ReportManifest``, a daily partial in ``PeriodManifest``).
package struct ManifestSegment: Sendable, Hashable, Codable {
    /// The object key.
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

    /// `list` in ``precedes(_:_:)`` order, each key and checksum once.
    static func sorted(_ list: [ManifestSegment]) -> [ManifestSegment] {
        var out: [ManifestSegment] = []
        for s in list.sorted(by: precedes) where out.last != s { out.append(s) }
        return out
    }
}
