import TidemarkCore
import TidemarkReports

extension JobRunner {
    /// For days of `site` that have no stored daily partial: whether each
    /// counts as complete in a period, as `run` or `tidemark report` would
    /// decide on building it now — a day without segments is complete when
    /// every collector's watermark has passed its end (SPEC §3, §4.3); a day
    /// whose segments are not in any daily report yet is not. `days` are
    /// local dates of `zone`. Only reads.
    package func unbuiltDaysComplete(site: String, days: [Int], zone: SiteZone) async throws -> [Int: Bool] {
        guard !days.isEmpty else { return [:] }
        let index = PartitionIndex(prefix: prefix, regions: regions)
        let marks = await WatermarkReader(prefix: prefix, regions: regions).watermarks(site: site)
        var out: [Int: Bool] = [:]
        for day in days {
            let window = ReportWindow.daily(site: site, day: day, zone: zone)
            let inputs = try await index.inputs(for: window)
            out[day] =
                inputs.segments.isEmpty
                && marks.isComplete(window, nowMillis: nowMillis, retireAfterMillis: retireAfterMillis)
        }
        return out
    }
}
