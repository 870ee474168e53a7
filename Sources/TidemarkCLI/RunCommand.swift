import ArgumentParser
import Foundation
import TidemarkCore
import TidemarkJobs
import TidemarkReports

/// `tidemark run`: every due window of every job, for cron.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build every due report window of every job (built-in, or the `jobs:` folder) (for cron).",
        discussion: """
            Builds windows that closed at least the job's delay ago, catches up windows missed \
            within the job's lookback, and rebuilds windows whose input segments changed since \
            their manifest. Unchanged windows cost a listing, not a download.

            Example crontab line (every 5 minutes):
              */5 * * * * cd /srv/tidemark && tidemark run >> run.log 2>&1
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Log every window, including unchanged and empty ones.")
    var verbose = false

    @Option(name: .long, help: "Only these jobs (repeatable); default every job.")
    var job: [String] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Build only this host's share of the windows, K of N (1-based).", valueName: "K/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Pretend the time is this (RFC 3339), for testing and replays.", visibility: .hidden))
    var now: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write each job's outcome here in Prometheus text format, for node-exporter's textfile collector (replaced atomically).",
            valueName: "PATH"))
    var metricsFile: String?

    @Flag(
        name: .long,
        help: "Print the windows this run (and shard) would build, one `job=… window=…` line each, and build, repair and write nothing.")
    var dryRun = false

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let shard = try shard.map { text -> Shard in
            guard let s = Shard(text) else { throw CLIError("--shard \(text): expected K/N with 1 ≤ K ≤ N, e.g. 2/3") }
            return s
        }
        let nowSeconds = try JobSupport.nowSeconds(now)
        var jobs = try JobCatalog.jobs(folder: config.jobs)
        if !job.isEmpty { jobs = jobs.filter { job.contains($0.name) } }
        let runner = try JobSupport.runner(config, nowSeconds: nowSeconds)
        var all: [JobRunner.WindowResult] = []
        var repairFailure: (any Error)?
        var metrics: [JobMetricsFile.Run] = []
        if dryRun {
            // What a scheduler's command line would do, without doing it (docs/deploy/).
            for j in jobs where j.kind.reportKind != nil {
                let sites = try await runner.sites(job: j, configured: config.sites)
                var windows = WindowPlanner.due(
                    job: j, sites: sites, nowSeconds: nowSeconds, days: JobSupport.localDays(config))
                if let shard { windows = windows.filter(shard.owns) }
                for w in windows { say("job=\(j.name) window=\(w.identity) dry_run=true") }
                say("\(j.name): \(windows.count) window(s) due\(shard.map { " in shard \($0.index)/\($0.count)" } ?? "")")
            }
            return
        }
        for j in jobs where j.kind == .repair {
            let started = ContinuousClock.now
            // Repair the days within the job's lookback, oldest first.
            let today = Int(nowSeconds / 86_400)
            let from = Int((nowSeconds - j.lookbackSeconds) / 86_400)
            var record = JobRunRecord(job: j.name, finishedMillis: 0, ok: true)
            do {
                let report = try await RepairPass.run(
                    prefix: config.prefix, regions: runner.regions, fromDay: from, toDay: today, deep: false,
                    maxCopies: 100_000, verbose: verbose)
                record.built = report.copied + report.replaced
                try RepairPass.check(report)
            } catch {
                repairFailure = error
                record.ok = false
                record.error = "\(error)"
            }
            record.finishedMillis = Int64(Date().timeIntervalSince1970 * 1000)
            await JobRunRecord.save(record, prefix: config.prefix, regions: runner.regions)
            metrics.append(JobMetricsFile.Run(
                job: j.name, ok: record.ok, built: record.built, finishedMillis: record.finishedMillis,
                seconds: Self.seconds(since: started)))
        }
        for j in jobs where j.kind.reportKind != nil {
            let started = ContinuousClock.now
            let sites = try await runner.sites(job: j, configured: config.sites)
            var windows = WindowPlanner.due(
                job: j, sites: sites, nowSeconds: nowSeconds, days: JobSupport.localDays(config))
            if let shard { windows = windows.filter(shard.owns) }
            let results = await JobSupport.execute(job: j, windows: windows, runner: runner, config: config, force: false, verbose: verbose)
            say(JobSupport.summary(j.name, results))
            await JobSupport.record(j.name, results, config: config, runner: runner)
            all += results
            func n(_ s: JobRunner.Status) -> Int { results.filter { $0.status == s }.count }
            metrics.append(JobMetricsFile.Run(
                job: j.name, ok: n(.failed) == 0, built: n(.built), unchanged: n(.unchanged), empty: n(.empty),
                failed: n(.failed), finishedMillis: Int64(Date().timeIntervalSince1970 * 1000),
                seconds: Self.seconds(since: started)))
        }
        if let metricsFile { try JobMetricsFile.write(metrics, to: metricsFile) }
        try JobSupport.failIfAny(all)
        if let repairFailure { throw repairFailure }
    }

    private static func seconds(since started: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension RunCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
