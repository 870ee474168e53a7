/// The `window` object of `report.json` (SPEC §4.2) and of both manifest
/// formats (Schemas/manifest.v2, period-manifest.v1): kind, local start and
/// end, zone, and for periods `"visitors_are": "daily_distinct_sum"` last
/// (SPEC §4.3). Encoded by ``JSONNodeEncoder`` in this key order.
package struct StoredWindow: Sendable, Hashable, Codable {
    /// `kind`.
    package var kind: ReportKind
    /// `start`: RFC 3339 in the zone's local offset, `Z` for UTC.
    package var start: String
    /// `end`, like `start`.
    package var end: String
    /// `time_zone`: the IANA name or `UTC`; nil in a manifest from before
    /// zones (version 1), which counts as built in another zone.
    package var timeZone: String?
    /// `visitors_are`: `daily_distinct_sum` for periods, nil otherwise.
    package var visitorsAre: String?

    enum CodingKeys: String, CodingKey {
        case kind, start, end
        case timeZone = "time_zone"
        case visitorsAre = "visitors_are"
    }

    /// What a period's visitors are: the sum over its days of each day's distinct visitors.
    package static let dailyDistinctSum = "daily_distinct_sum"

    /// The window as stored.
    package init(_ w: ReportWindow) {
        kind = w.kind
        start = w.zone.format(w.start)
        end = w.zone.format(w.end)
        timeZone = w.zone.identifier
        visitorsAre = w.kind.isPeriod ? Self.dailyDistinctSum : nil
    }
}
