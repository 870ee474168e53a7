import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// Builds period reports (SPEC §4.3) from daily partials: first the days
/// whose daily window is missing or out of date (through `JobRunner`, the
/// normal window build), then the days' partials, read with failover and
/// folded a few at a time into `PeriodMerger`.
package struct PeriodBuilder: Sendable {
    /// Builds the days.
    package let runner: JobRunner
    /// Formats of the daily reports built on the way.
    package let dailyFormats: [ReportFile]
    /// Partials read at once.
    package let width: Int

    package init(runner: JobRunner, dailyFormats: [ReportFile], width: Int = 8) {
        self.runner = runner
        self.dailyFormats = dailyFormats
        self.width = width
    }

    /// A merged period and what it was merged from.
    package struct Built: Sendable {
        /// The period report.
        package var report: Report
        /// Its manifest: the days' partial digests.
        package var manifest: PeriodManifest
        /// The daily windows checked or built first, one per day.
        package var days: [JobRunner.WindowResult]
    }

    /// Brings the period's days up to date, then merges their partials.
    /// Fails, naming the day, when a day cannot be built or its partial read.
    package func build(
        _ window: ReportWindow, onBytes: @escaping @Sendable (Int) -> Void = { _ in },
        onDay: @escaping @Sendable (JobRunner.WindowResult) -> Void = { _ in }
    ) async throws -> Built {
        let dailies = window.days.map { ReportWindow.daily(site: window.site, day: $0, zone: window.zone) }
        let results = await runner.run(dailies, formats: dailyFormats, force: false, onBytes: onBytes, report: onDay)
        if let failed = results.first(where: { $0.status == .failed }) {
            throw JobsError(
                "period \(window.identity): day \(failed.window.identity) could not be built: \(failed.error ?? "failed")")
        }
        var completeByDay: [Int: Bool] = [:]
        for r in results { completeByDay[r.window.day] = r.complete }
        // A day whose daily window is empty has no segments in any answering
        // region and no report: it holds no partial, and reading one would
        // fail while a region is down. Every other day must have a partial.
        let empty = Set(results.filter { $0.status == .empty }.map(\.window.day))
        var merger = try PeriodMerger(window: window)
        var digests: [ManifestSegment] = []
        try await fold(site: window.site, days: window.days.filter { !empty.contains($0) }, zone: window.zone) {
            day, read in
            guard let read else {
                // Fail closed: a day with data never counts as empty.
                throw JobsError(
                    "period \(window.identity): day \(Timestamp.formatDay(day)) has data but no region holds its partial "
                        + "\(ReportWindow.daily(site: window.site, day: day, zone: window.zone).key(prefix: runner.prefix, file: .partial))")
            }
            try merger.add(read.partial)
            digests.append(ManifestSegment(key: read.key, sha256: read.sha256))
        }
        for day in merger.missingDays { try merger.addEmptyDay(day, complete: completeByDay[day] ?? false) }
        let report = merger.finish()
        return Built(
            report: report, manifest: PeriodManifest(window: window, complete: report.complete, partials: digests),
            days: results)
    }

    /// The totals of the `length` days before `window`'s first day, merged
    /// from whatever partials exist (nothing is built); nil when none does.
    /// The HTML headline compares against them.
    package func previousTotals(of window: ReportWindow, local: LocalDays) async throws -> ReportTotals? {
        let n = window.dayCount
        let previous = ReportWindow.period(
            .range, site: window.site, firstDay: window.day - n, lastDay: window.day - 1, zone: local.zone,
            dayStart: local.start(of:))
        var merger = try PeriodMerger(window: previous)
        var any = false
        try await fold(site: window.site, days: Array(previous.days), zone: local.zone, missingIfUnreachable: true) {
            _, read in
            guard let read else { return }
            try merger.add(read.partial)
            any = true
        }
        return any ? merger.finish().totals : nil
    }

    /// Reads the partials of `days` (local dates of `zone`) `width` at a time
    /// and hands each day and its partial (nil when no region holds one) to
    /// `body` in day order. With `missingIfUnreachable`, a partial that every
    /// answering region lacks while others are unreachable also counts as nil.
    private func fold(
        site: String, days: [Int], zone: SiteZone, missingIfUnreachable: Bool = false,
        _ body: (Int, PartialReader.Read?) throws -> Void
    ) async throws {
        let reader = PartialReader(prefix: runner.prefix, regions: runner.regions)
        var i = 0
        while i < days.count {
            let chunk = Array(days[i..<min(days.count, i + max(1, width))])
            let reads = try await reader.read(
                site: site, days: chunk, zone: zone, width: width, missingIfUnreachable: missingIfUnreachable)
            for (day, read) in zip(chunk, reads) { try body(day, read) }
            i += chunk.count
        }
    }
}
