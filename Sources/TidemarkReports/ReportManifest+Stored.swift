import Foundation

extension ReportManifest {
    /// A stored `manifest.json` (Schemas/manifest.v2.schema.json) as the job
    /// runner reads it back to decide whether a window changed. The writer is
    /// ``ReportManifest/jsonString``: pretty JSON like `report.json`, whose
    /// bytes the golden tests pin; this is the reading side of the same format.
    ///
    /// Manifests from before zones (version 1) have no `window.time_zone`
    /// (nil here: the window counts as changed); a missing `complete` reads as
    /// true and missing segment lists as empty, as version 1 wrote them.
    package struct Stored: Sendable, Equatable, Decodable {
        /// `manifest_version`; 1 when absent.
        package var version: Int
        /// The site.
        package var site: String
        /// `segments`: the inputs, sorted by key.
        package var segments: [ManifestSegment]
        /// `lookback_segments`.
        package var lookback: [ManifestSegment]
        /// `complete`.
        package var complete: Bool
        /// `window.time_zone`; nil for a manifest from before zones.
        package var timeZone: String?

        enum CodingKeys: String, CodingKey {
            case site, segments, complete, window
            case version = "manifest_version"
            case lookback = "lookback_segments"
        }

        enum WindowKeys: String, CodingKey {
            case timeZone = "time_zone"
        }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
            site = try c.decode(String.self, forKey: .site)
            segments = try c.decodeIfPresent([ManifestSegment].self, forKey: .segments) ?? []
            lookback = try c.decodeIfPresent([ManifestSegment].self, forKey: .lookback) ?? []
            complete = try c.decodeIfPresent(Bool.self, forKey: .complete) ?? true
            let window = try c.nestedContainer(keyedBy: WindowKeys.self, forKey: .window)
            timeZone = try window.decodeIfPresent(String.self, forKey: .timeZone)
        }

        /// Decodes stored bytes.
        ///
        /// - Throws: `DecodingError` saying which field is wrong.
        package init(bytes: [UInt8]) throws {
            self = try JSONDecoder().decode(Stored.self, from: Data(bytes))
        }
    }

    /// What this manifest reads back as once stored.
    package var stored: Stored {
        Stored(version: Self.version, site: window.site, segments: segments, lookback: lookback, complete: complete,
            timeZone: window.zone.identifier)
    }
}

extension ReportManifest.Stored {
    /// Memberwise initialiser.
    package init(
        version: Int, site: String, segments: [ManifestSegment], lookback: [ManifestSegment], complete: Bool, timeZone: String?
    ) {
        self.version = version
        self.site = site
        self.segments = segments
        self.lookback = lookback
        self.complete = complete
        self.timeZone = timeZone
    }
}

