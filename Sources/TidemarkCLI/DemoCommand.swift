import ArgumentParser
import Foundation
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
import TidemarkSynthetic

/// `tidemark demo`: a realistic synthetic day for two sites, through the real
/// ingest path into three local regions, then the hourly and daily reports.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a day of traffic for two sites, ingest it into three local regions and build its reports.",
        discussion: """
            Always uses the embedded default under ./tidemark-data (regions eu, us and ap as local \
            folders, the spool, reports also in ./tidemark-data/reports) and ignores tidemark.yml \
            and $TIDEMARK_CONFIG, so synthetic events never reach real buckets.

            The day is seeded: the same date, seed and size give the same events, the same \
            segments and the same reports, so running the demo again rebuilds nothing.

            Example:
              tidemark demo
              tidemark demo --date 2026-11-26 --events 500000
            """)

    /// The two demo sites and their share of the events.
    static let sites = TidemarkConfiguration.defaultSites.map(\.name)

    /// `--date`: the day to generate.
    @OptionGroup var log: LogOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Local date to generate, each site's day in its own time zone (default: yesterday there).",
            valueName: "YYYY-MM-DD"))
    var date: String?

    /// `--now`: the time "yesterday" is taken from.
    @Option(name: .long, help: ArgumentHelp("Pretend the time is this (RFC 3339), for testing.", visibility: .hidden))
    var now: String?

    /// `--events`: distinct events over both sites.
    @Option(name: .long, parsing: .unconditional, help: "Events for the day, both sites together (retries come on top).")
    var events: Int = 100_000

    /// `--seed`: seeds every random choice.
    @Option(name: .long, parsing: .unconditional, help: "Seed of the synthetic day.")
    var seed: UInt64 = 1

    /// Rejects sizes the demo is not meant for.
    func validate() throws {
        try OptionChecks.positive(events, "events", max: 50_000_000)
    }

    /// Generates, ingests, builds the reports and prints the summary.
    func run() async throws {
        let started = ContinuousClock.now
        let base = "./tidemark-data"
        var config = TidemarkConfiguration.embeddedDefault(base: base)
        config.siteEntries = TidemarkConfiguration.defaultSites
        let days = try date.map { text in
            let day = try JobSupport.day(text, "--date")
            return Dictionary(uniqueKeysWithValues: Self.sites.map { ($0, day) })
        } ?? Self.yesterdays(config: config, nowMillis: try JobSupport.nowSeconds(now) * 1000)
        say("tidemark demo: \(Self.describe(days)), \(events) events for \(Self.sites.joined(separator: " and ")) (seed \(seed))")

        try await ingest(days: days, config: config)
        // Repair runs as it would from cron; ingest above already wrote every
        // segment to every region, so it normally finds nothing to copy. Its
        // dates are UTC: a local day of a zone ahead of or behind UTC reaches
        // into the UTC date on either side.
        let regions = RegionSet(try RegionFactory.stores(for: config))
        let repair = try await RepairPass.run(
            prefix: config.prefix, regions: regions, fromDay: (days.values.min() ?? 0) - 1,
            toDay: (days.values.max() ?? 0) + 1, deep: false, maxCopies: 100_000, verbose: false)
        try RepairPass.check(repair)
        let built = try await reports(days: days, config: config)
        try summarise(days: days, reportsDir: config.reports.localDir ?? base + "/reports", rebuilt: built)
        say("done in " + String(format: "%.1f", seconds(since: started)) + " s")
    }

    /// Each demo site's local date (days since 1970-01-01) of yesterday at
    /// `nowMillis`, in the site's zone (SPEC §3.1: a day is the site's day).
    static func yesterdays(config: TidemarkConfiguration, nowMillis: Int64) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: sites.map { ($0, config.zone(for: $0).localDay(atMillis: nowMillis) - 1) })
    }

    /// `2026-11-29`, or each site's date when they differ.
    static func describe(_ days: [String: Int]) -> String {
        let distinct = Set(days.values)
        if distinct.count == 1, let day = distinct.first { return Timestamp.formatDay(day) }
        return sites.compactMap { site in days[site].map { Timestamp.formatDay($0) + " for " + site } }.joined(separator: ", ")
    }

    /// Generates each site's day into delivery files and ingests each one as `tidemark ingest` would.
    private func ingest(days: [String: Int], config: TidemarkConfiguration) async throws {
        let shop = events / 3
        // Each site gets a day of traffic in its own zone (shop.example.com: Europe/Amsterdam), on its own date.
        let sites = [SyntheticSite(name: Self.sites[0], events: events - shop), SyntheticSite(name: Self.sites[1], events: shop)]
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("tidemark-demo-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }

        var files: [String] = []
        var retries = 0
        // One synthetic day per date (one in all but the hour when the sites' dates differ).
        for day in Set(days.values).sorted() {
            let onDay = sites.filter { days[$0.name] == day }.map { site -> SyntheticSite in
                var s = site
                s.startOffsetMillis = (config.zone(for: site.name).dayStart(day) - Int64(day) * 86_400) * 1000
                return s
            }
            let folder = tmp + "/" + Timestamp.formatDay(day)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let (deliveries, counts) = try DemoDeliveries.write(SyntheticDay(seed: seed, day: day, sites: onDay), into: folder)
            files += deliveries.files
            retries += counts.retries
        }
        var ingested = 0
        var segments = 0
        var invalid = 0
        for file in files {
            let outcome = try await IngestPipeline.run(files: [file], config: config, retries: 2, maxErrors: 20)
            if !outcome.unreadable.isEmpty { throw CLIError("demo: " + outcome.unreadable.joined(separator: "; ")) }
            if !outcome.undelivered.isEmpty {
                throw CLIError("demo: \(outcome.undelivered.count) segment(s) reached no region; see `tidemark status`")
            }
            ingested += outcome.stats.events
            invalid += outcome.stats.invalid
            segments += outcome.sealedKeys.count
        }
        if invalid > 0 { throw CLIError("demo: \(invalid) generated line(s) were rejected; this is a bug in the generator") }
        let regions = config.regions.map(\.name).joined(separator: ", ")
        say(
            "ingested \(ingested) lines (\(retries) client retries among them) in \(files.count) uploads"
                + " → \(segments) segment(s) in every region (\(regions))")
    }

    /// Builds the hourly then the daily windows of each site's day; returns how many were built.
    private func reports(days: [String: Int], config: TidemarkConfiguration) async throws -> Int {
        let runner = try JobSupport.runner(config)
        var built = 0
        for job in Self.jobs {
            guard let kind = job.kind.reportKind else { continue }
            let windows = Set(days.values).sorted().flatMap { day in
                WindowPlanner.range(
                    kind: kind, sites: Self.sites.filter { days[$0] == day }, zones: config.zones, fromDay: day, toDay: day)
            }.sorted()
            let results = await JobSupport.execute(job: job, windows: windows, runner: runner, config: config, force: false, verbose: false)
            say(JobSupport.summary(job.name, results))
            try JobSupport.failIfAny(results)
            built += results.filter { $0.status == .built }.count
        }
        return built
    }

    private func summarise(days: [String: Int], reportsDir: String, rebuilt: Int) throws {
        let summary = DemoSummary(reportsDir: reportsDir)
        say("")
        for line in try summary.table(sites: Self.sites, days: days) { say("  " + line) }
        say("")
        say("HTML reports:")
        for site in Self.sites { say("  " + summary.folder(site: site, day: days[site] ?? 0) + "/report.html") }
        if rebuilt == 0 {
            say("nothing changed: same seed and date, same segments; every report was already up to date")
        }
        say("")
        say("Dashboard (every site, any period, against the period before), from this folder:")
        say("  \(Self.invokedPath) serve        then open http://127.0.0.1:8787/")
    }

    /// How this executable was started (`.build/release/tidemark`), so the printed command works as is.
    private static var invokedPath: String {
        let path = CommandLine.arguments.first ?? ""
        return path.contains("/") ? path : "tidemark"
    }

    /// The demo's jobs: the built-in hourly and daily jobs, hourly first.
    static let jobs = ["hourly", "daily"].compactMap { name in JobCatalog.builtIn.first { $0.name == name } }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension DemoCommand: LogOptionsCarrying {
    var logOptions: LogOptions { log }
    // The demo builds its own configuration and reads no file.
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { nil }
}
