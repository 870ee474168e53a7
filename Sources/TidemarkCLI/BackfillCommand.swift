import ArgumentParser
import Foundation
import TidemarkCore
import TidemarkJobs

/// `tidemark backfill`: rebuild a date range of one job, for analysts.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Build a job's report windows for a date range; unchanged windows are skipped unless --force.",
        discussion: """
            Example: rebuild November's daily reports for one site:
              tidemark backfill --job daily --from 2026-11-01 --to 2026-11-30 \\
                --site example.com
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Log every window, including unchanged and empty ones.")
    var verbose = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Job name: "
                + JobCatalog.builtIn.filter { $0.kind.reportKind != nil }.map(\.name).joined(separator: ", ")
                + " (built in), or a job of the configured `jobs:` folder."))
    var job: String

    @Option(name: .long, help: ArgumentHelp("First day, inclusive: each site's local date in its time zone.", valueName: "YYYY-MM-DD"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("Last day, inclusive: each site's local date in its time zone.", valueName: "YYYY-MM-DD"))
    var to: String

    @Option(name: .long, help: "Only this site (repeatable).")
    var site: [String] = []

    @Flag(name: .long, help: "Rebuild windows whose inputs did not change (same inputs give the same bytes).")
    var force = false

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Build only this host's share of the windows, K of N (1-based).", valueName: "K/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Pretend the time is this (RFC 3339), for testing and replays.", visibility: .hidden))
    var now: String?

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let j = try JobSupport.job(named: job, in: config)
        guard let kind = j.kind.reportKind else { throw CLIError("job \(job) does not build reports; use `tidemark repair`") }
        let fromDay = try JobSupport.day(from, "--from")
        let toDay = try JobSupport.day(to, "--to")
        guard fromDay <= toDay else { throw CLIError("--from \(from) is after --to \(to)") }
        let shard = try shard.map { text -> Shard in
            guard let s = Shard(text) else { throw CLIError("--shard \(text): expected K/N with 1 ≤ K ≤ N, e.g. 2/3") }
            return s
        }
        let nowSeconds = try JobSupport.nowSeconds(now)
        let runner = try JobSupport.runner(config, nowSeconds: nowSeconds)
        try JobSupport.requireConfigured(site, config)
        let sites = site.isEmpty ? try await runner.sites(job: j, configured: config.sites) : site
        var windows = WindowPlanner.range(
            kind: kind, sites: sites, fromDay: fromDay, toDay: toDay, days: JobSupport.localDays(config))
        if let shard { windows = windows.filter(shard.owns) }
        let results = await JobSupport.execute(job: j, windows: windows, runner: runner, config: config, force: force, verbose: verbose)
        say(JobSupport.summary(j.name, results))
        await JobSupport.record(j.name, results, config: config, runner: runner)
        try JobSupport.failIfAny(results)
    }
}

extension BackfillCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
