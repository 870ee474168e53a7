/// `manifest.json` of a period report (SPEC §4, §4.3;
/// Schemas/period-manifest.v1.schema.json): the partials of the period's
/// days it was merged from, so the job runner sees when a day inside changed
/// without merging again. The one type of the format, written (``jsonString``)
/// and read (`Decodable`) like ``ReportManifest``; the runner compares the
/// stored bytes with the ones it would write.
package struct PeriodManifest: Sendable, Hashable, Codable {
    /// Version of the period manifest format (its window names its zone).
    package static let version = 1

    /// `manifest_version`.
    package var manifestVersion: Int
    /// `site`.
    package var site: String
    /// `window`: the period window as `report.json` states it.
    package var window: StoredWindow
    /// `complete`: whether every day of the period was complete.
    package var complete: Bool
    /// `partials`: the days' partials (key and SHA-256 of the stored object),
    /// in key order; days without data have none.
    package private(set) var partials: [ManifestSegment]

    enum CodingKeys: String, CodingKey {
        case manifestVersion = "manifest_version"
        case site, window, complete, partials
    }

    /// A manifest of `window`; `partials` are sorted here.
    package init(window: ReportWindow, complete: Bool, partials: [ManifestSegment]) {
        manifestVersion = Self.version
        site = window.site
        self.window = StoredWindow(window)
        self.complete = complete
        self.partials = partials.sorted(by: ManifestSegment.precedes)
    }

    /// The JSON text, ending in a newline.
    package var jsonString: String { JSONNodeEncoder.prettyText(self) }

    /// The JSON bytes (UTF-8).
    package var jsonBytes: [UInt8] { Array(jsonString.utf8) }
}
