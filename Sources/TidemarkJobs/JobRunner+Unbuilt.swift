import TidemarkCore
import TidemarkReports

/// What the regions hold for a local day that has no stored daily partial.
package struct UnbuiltDay: Sendable, Equatable {
    /// The day's window has segments: events that no daily report holds yet.
    package var hasSegments: Bool
    /// Every collector's watermark has passed the day's end (SPEC §3), as
    /// `SiteWatermarks.isComplete` decides it for the job runner.
    package var watermarksPassed: Bool

    /// Memberwise initialiser.
    package init(hasSegments: Bool, watermarksPassed: Bool) {
        self.hasSegments = hasSegments
        self.watermarksPassed = watermarksPassed
    }

    /// Whether the day counts as complete in a period (SPEC §4.3): it has no
    /// data to build and every watermark has passed its end.
    package var complete: Bool { !hasSegments && watermarksPassed }
}

extension JobRunner {
    /// For days of `site` that have no stored daily partial: whether each
    /// counts as complete in a period, as `run` or `tidemark report` would
    /// decide on building it now — a day without segments is complete when
    /// every collector's watermark has passed its end (SPEC §3, §4.3); a day
    /// whose segments are not in any daily report yet is not. `days` are
    /// local dates of `zone`. Only reads.
    package func unbuiltDaysComplete(site: String, days: [Int], zone: SiteZone) async throws -> [Int: Bool] {
        try await unbuiltDays(site: site, days: days, zone: zone).mapValues(\.complete)
    }

    /// For days of `site` (local dates of `zone`) that have no stored daily
    /// partial: whether the regions hold segments of the day and whether
    /// every collector's watermark has passed its end at `nowMillis`. Only reads.
    package func unbuiltDays(site: String, days: [Int], zone: SiteZone) async throws -> [Int: UnbuiltDay] {
        guard !days.isEmpty else { return [:] }
        let index = PartitionIndex(prefix: prefix, regions: regions)
        let marks = await WatermarkReader(prefix: prefix, regions: regions).watermarks(site: site)
        var out: [Int: UnbuiltDay] = [:]
        for day in days {
            let window = ReportWindow.daily(site: site, day: day, zone: zone)
            let inputs = try await index.inputs(for: window)
            out[day] = UnbuiltDay(
                hasSegments: !inputs.segments.isEmpty,
                watermarksPassed: marks.isComplete(window, nowMillis: nowMillis, retireAfterMillis: retireAfterMillis))
        }
        return out
    }
}
