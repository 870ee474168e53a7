import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// Builds and stores weekly and monthly reports (SPEC §4, §4.3) at
/// `reports/{weekly,monthly}/site=…/{week,month}=…/`: brings the days up to
/// date, merges their partials, and writes the files only when the period's
/// manifest (the days' partial digests) or a region's copy differs.
package struct PeriodRunner: Sendable {
    /// Builds and merges.
    package let builder: PeriodBuilder
    /// Each site's local days.
    package let days: @Sendable (String) -> LocalDays

    package init(builder: PeriodBuilder, days: @escaping @Sendable (String) -> LocalDays) {
        self.builder = builder
        self.days = days
    }

    /// Builds `windows` one after another (their days are built in
    /// parallel), calling `report` as each finishes.
    package func run(
        _ windows: [ReportWindow], formats: [ReportFile], force: Bool,
        onBytes: @escaping @Sendable (Int) -> Void = { _ in },
        report: @escaping @Sendable (JobRunner.WindowResult) -> Void
    ) async -> [JobRunner.WindowResult] {
        var out: [JobRunner.WindowResult] = []
        for w in windows {
            let r = await runOne(w, formats: formats, force: force, onBytes: onBytes)
            report(r)
            out.append(r)
        }
        return out
    }

    /// The files of a merged period, `report.html` comparing with the
    /// previous period of the same length.
    package func files(_ built: PeriodBuilder.Built, formats: [ReportFile]) async throws -> [(ReportFile, [UInt8])] {
        var files: [(ReportFile, [UInt8])] = []
        for f in formats {
            switch f {
            case .json: files.append((.json, ReportJSONWriter.bytes(built.report)))
            case .csv: files.append((.csv, ReportCSVWriter.bytes(built.report)))
            case .html:
                let w = built.report.window
                let previous = try await builder.previousTotals(of: w, local: days(w.site))
                files.append((.html, ReportHTMLWriter.bytes(built.report, previous: previous)))
            case .manifest, .partial: break
            }
        }
        return files
    }

    private func runOne(
        _ window: ReportWindow, formats: [ReportFile], force: Bool, onBytes: @escaping @Sendable (Int) -> Void
    ) async -> JobRunner.WindowResult {
        let started = ContinuousClock.now
        var result = JobRunner.WindowResult(window: window, status: .failed)
        let runner = builder.runner
        do {
            let built = try await builder.build(window, onBytes: onBytes)
            result.complete = built.report.complete
            result.segments = built.report.inputs.segments
            result.eventsRead = built.days.reduce(0) { $0 + $1.eventsRead }
            result.bytesRead = built.days.reduce(0) { $0 + $1.bytesRead }
            let manifestBytes = built.manifest.jsonBytes
            let listing = await runner.regions.listUnion(prefix: window.directory(prefix: runner.prefix))
            if built.manifest.partials.isEmpty, listing.entries.isEmpty {
                // Like a day without segments: nothing to report, nothing stored in
                // any answering region (a region that is down is judged the same
                // way by the daily build).
                result.status = .empty
            } else if !force, await isStored(listing, window, manifest: manifestBytes, formats: formats, runner: runner) {
                result.status = .unchanged
            } else {
                let files = try await self.files(built, formats: formats) + [(.manifest, manifestBytes)]
                let publisher = ReportPublisher(prefix: runner.prefix, regions: runner.regions, localDir: runner.localDir)
                let outcome = await publisher.publish(window, files: files)
                if outcome.failedRegions.count == runner.regions.stores.count {
                    throw JobsError("window \(window.identity): no region accepted the report")
                }
                result.status = .built
                result.objectsWritten = outcome.written
                result.regionsBehind = outcome.failedRegions
            }
        } catch {
            result.status = .failed
            result.error = "window \(window.identity): \(error)"
        }
        let d = ContinuousClock.now - started
        result.seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return result
    }

    /// Whether every reachable region holds the period's files and a
    /// manifest with exactly these bytes.
    private func isStored(
        _ listing: UnionListing, _ window: ReportWindow, manifest: [UInt8], formats: [ReportFile], runner: JobRunner
    ) async -> Bool {
        let reachable = Set(runner.regions.stores.indices).subtracting(
            listing.failures.compactMap { f in runner.regions.names.firstIndex(of: f.region) })
        for f in formats + [.manifest] {
            guard let entry = listing.entries[window.key(prefix: runner.prefix, file: f)],
                Set(entry.regions) == reachable
            else { return false }
        }
        guard let stored = try? await runner.regions.readVerified(window.key(prefix: runner.prefix, file: .manifest))
        else { return false }
        return stored.bytes == manifest
    }
}
