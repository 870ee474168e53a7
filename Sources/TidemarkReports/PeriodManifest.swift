/// `manifest.json` of a period report (SPEC §4, §4.3): the partials of the
/// period's days it was merged from, so the job runner sees when a day
/// inside changed without merging again. Written like `ReportManifest`.
package struct PeriodManifest: Sendable, Hashable {
    /// Version of the period manifest format (its window names its zone).
    package static let version = 1

    /// The period window.
    package var window: ReportWindow
    /// Whether every day of the period was complete.
    package var complete: Bool
    /// The days' partials (key and SHA-256 of the stored object), in key
    /// order; days without data have none.
    package private(set) var partials: [ManifestSegment]

    /// A manifest; `partials` are sorted here.
    package init(window: ReportWindow, complete: Bool, partials: [ManifestSegment]) {
        self.window = window
        self.complete = complete
        self.partials = partials.sorted(by: ManifestSegment.precedes)
    }

    /// The JSON text, ending in a newline.
    package var jsonString: String {
        JSONNode.object([
            ("manifest_version", .int(Self.version)),
            ("site", .string(window.site)),
            ("window", ReportJSONWriter.windowNode(window)),
            ("complete", .bool(complete)),
            ("partials", .array(partials.map { .object([("key", .string($0.key)), ("sha256", .string($0.sha256))]) })),
        ]).prettyText
    }

    /// The JSON bytes (UTF-8).
    package var jsonBytes: [UInt8] { Array(jsonString.utf8) }
}
