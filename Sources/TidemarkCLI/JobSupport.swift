import Foundation
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports

/// What `run` and `backfill` share: loading jobs, building the runner,
/// running windows with progress and summarising.
enum JobSupport {
    static func runner(
        _ config: TidemarkConfiguration, nowSeconds: Int64 = Int64(Date().timeIntervalSince1970)
    ) throws -> JobRunner {
        let regions = RegionSet(try RegionFactory.stores(for: config))
        return JobRunner(
            prefix: config.prefix, regions: regions, localDir: config.reports.localDir, nowMillis: nowSeconds * 1000)
    }

    /// The time `--now` pretends (RFC 3339, for tests and replays), else the
    /// clock's, in epoch seconds.
    static func nowSeconds(_ now: String?) throws -> Int64 {
        guard let now else { return Int64(Date().timeIntervalSince1970) }
        guard let ms = Timestamp.parseMillis(now) ?? Timestamp.parseMillis(now.replacingOccurrences(of: "Z", with: ".000Z"))
        else { throw CLIError("--now \(now): expected 2026-11-26T10:00:00Z") }
        return ms / 1000
    }

    static func job(named name: String, in config: TidemarkConfiguration) throws -> JobDefinition {
        let jobs = try JobCatalog.jobs(folder: config.jobs)
        guard let job = jobs.first(where: { $0.name == name }) else {
            let source = config.jobs.map { "in \($0)" } ?? "among the built-in jobs (no `jobs:` folder configured)"
            throw CLIError("no job named \(name) \(source) (found: \(jobs.map(\.name).joined(separator: ", ")))")
        }
        return job
    }

    static func formats(_ job: JobDefinition, _ config: TidemarkConfiguration) -> [ReportFile] {
        let allowed = Set(config.reports.formats.compactMap(ReportFile.init(rawValue:)))
        return job.formats.filter { allowed.isEmpty || allowed.contains($0) }
    }

    /// Runs `windows` of `job`; returns the results. Weekly and monthly
    /// windows are merged from daily partials (building missing days first).
    static func execute(
        job: JobDefinition, windows: [ReportWindow], runner: JobRunner, config: TidemarkConfiguration, force: Bool,
        verbose: Bool
    ) async -> [JobRunner.WindowResult] {
        let log = WindowLog(job: job.name, total: windows.count, verbose: verbose)
        let results: [JobRunner.WindowResult]
        if job.kind.reportKind?.isPeriod == true {
            results = await periodRunner(runner, config: config).run(
                windows, formats: formats(job, config), force: force, onBytes: { log.bytesRead($0) },
                report: { log.finished($0) })
        } else {
            results = await runner.run(
                windows, formats: formats(job, config), force: force, onBytes: { log.bytesRead($0) },
                report: { log.finished($0) })
        }
        log.end()
        return results
    }

    /// Each site's local days, from the configuration.
    /// Refuses a `--site` that the configuration does not list, naming the ones it does: a mistyped site
    /// would otherwise give a report of zeros and exit 0. No check when no sites are configured.
    static func requireConfigured(_ sites: [String], _ config: TidemarkConfiguration) throws {
        let known = config.sites
        guard !known.isEmpty else { return }
        for s in sites where !known.contains(s) {
            throw CLIError("--site \(s): not a configured site (configured: \(known.joined(separator: ", ")))")
        }
    }

    static func localDays(_ config: TidemarkConfiguration) -> @Sendable (String) -> LocalDays {
        let zones = config.zones
        return { LocalDays(zone: zones[$0] ?? .utc) }
    }

    /// Formats of the daily reports a period builds on the way: the `daily`
    /// job's, else all three (limited by `reports.formats`).
    static func dailyFormats(_ config: TidemarkConfiguration) -> [ReportFile] {
        let daily = (try? JobCatalog.jobs(folder: config.jobs))?.first { $0.kind == .daily }
            ?? JobDefinition(name: "daily", kind: .daily, delaySeconds: 3600, lookbackSeconds: 7 * 86_400)
        return formats(daily, config)
    }

    /// The period runner over `runner`.
    static func periodRunner(_ runner: JobRunner, config: TidemarkConfiguration) -> PeriodRunner {
        PeriodRunner(builder: PeriodBuilder(runner: runner, dailyFormats: dailyFormats(config)), days: localDays(config))
    }

    static func summary(_ job: String, _ results: [JobRunner.WindowResult]) -> String {
        func n(_ s: JobRunner.Status) -> Int { results.filter { $0.status == s }.count }
        let bytes = results.reduce(0) { $0 + $1.bytesRead }
        let events = results.reduce(0) { $0 + $1.eventsRead }
        return "\(job): \(n(.built)) built, \(n(.unchanged)) unchanged, \(n(.empty)) without data, \(n(.failed)) failed"
            + " (\(events) events, " + String(format: "%.1f", Double(bytes) / 1_048_576) + " MB read)"
    }

    /// Stores the run's outcome for `tidemark status`.
    static func record(
        _ job: String, _ results: [JobRunner.WindowResult], config: TidemarkConfiguration, runner: JobRunner
    ) async {
        func n(_ s: JobRunner.Status) -> Int { results.filter { $0.status == s }.count }
        let firstError = results.first { $0.status == .failed }?.error
        let record = JobRunRecord(
            job: job, finishedMillis: Int64(Date().timeIntervalSince1970 * 1000), ok: firstError == nil,
            built: n(.built), unchanged: n(.unchanged), empty: n(.empty), failed: n(.failed), error: firstError)
        await JobRunRecord.save(record, prefix: config.prefix, regions: runner.regions)
    }

    static func failIfAny(_ results: [JobRunner.WindowResult]) throws {
        let failed = results.filter { $0.status == .failed }
        guard let first = failed.first else { return }
        throw CLIError(
            "\(failed.count) window(s) failed; first: \(first.error ?? first.window.identity)")
    }

    /// `YYYY-MM-DD` → day number.
    static func day(_ text: String, _ option: String) throws -> Int {
        guard let d = Timestamp.parseDay(text) else { throw CLIError("\(option) \(text): expected a date like 2026-11-26") }
        return d
    }
}
