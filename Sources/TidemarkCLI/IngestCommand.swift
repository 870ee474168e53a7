import ArgumentParser
import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkIngest
import TidemarkReplication

/// `tidemark ingest FILE…`: schema-v1 NDJSON into the spool and every region.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import NDJSON events or web-server access logs into the spool and upload them to every region.",
        discussion: """
            Each line is validated; bad lines are reported as FILE:LINE and skipped. Events are \
            grouped by site and UTC hour into gzip segments, made durable in the spool, then \
            uploaded to all regions in parallel. A region that does not answer keeps the segments \
            in its hand-off queue for `tidemark flush` or the next ingest.

            Files ending in .gz (or starting with gzip's magic bytes) are decompressed; `-` reads stdin.

            Lines that are raw hits rather than schema-v1 events ({"site":…,"url":…,"referrer":…,"ua":…}), \
            and web-server access logs (--format clf --site S, or detected per line with the default \
            --format auto), go through the collector's enrichment. The layout of each file's log lines is \
            detected from its first 100 and said on stderr: combined (also with extra trailing fields, \
            as nginx configurations add), common, vhost_combined, vhost_common; --format NAME insists on \
            one. Lines in another layout are reported as FILE:LINE and skipped; a file where fewer than \
            half of the first lines fit (with --format auto: are JSON events or log lines in one layout) \
            is refused (nothing of it is imported, exit status 1). A run where every line was refused \
            exits 1 too. A vhost_ \
            line's virtual host is its site unless --site is given. Only GET requests answered 2xx or \
            3xx for a path that is not a static asset count as page views; the rest are counted as skipped.

            Files as rotation and editors leave them are read as meant: a UTF-8 byte-order mark, CRLF, \
            NUL padding from copytruncate, zero bytes after the last gzip member.

            Example:
              tidemark ingest events-2026-11-26.ndjson.gz
              zcat export.ndjson.gz | tidemark ingest -
              tidemark ingest --format clf --site example.com /var/log/nginx/access.log
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, parsing: .unconditional, help: "Upload attempts per region before leaving segments queued (1 or more).")
    var retries: Int = 2

    @Option(name: .long, parsing: .unconditional, help: "Show at most this many bad lines (the rest are counted; 0 shows none).")
    var maxErrors: Int = 20

    @Option(
        name: .long,
        help: "Input format: auto (per line), ndjson, clf (access logs, layout detected per file), or one layout: combined, common, vhost_combined, vhost_common.")
    var format: IngestFormat = .auto

    @Option(name: .long, help: "Site of access-log lines (Combined Log Format has no host field).")
    var site: String?

    @Argument(help: ArgumentHelp("NDJSON or access-log files, .gz files, or - for stdin.", valueName: "file"))
    var files: [String]

    /// Refuses attempt and line counts that mean nothing.
    func validate() throws {
        try OptionChecks.positive(retries, "retries")
        try OptionChecks.notNegative(maxErrors, "max-errors")
    }

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        if format.isLogOnly && !(format.forcedLogFormat?.hasVirtualHost ?? false) && site == nil {
            throw CLIError("--format \(format.rawValue) needs --site S (access logs name no host; vhost_ formats do)")
        }
        if let site, !Validation.isSiteID(site) { throw CLIError("--site \"\(site)\" is not a site id") }
        try UserAgentClassifier.prepare()
        let enricher = Enricher(
            allowedSites: Set(config.sites), visitorID: VisitorID(secret: try SaltSecret.load(config)), zones: config.zones,
            limits: HitLimits(maxFieldBytes: config.collector.maxFieldBytes, maxNameBytes: config.collector.maxNameBytes),
            checksTimeWindow: false)
        let decoder = IngestLineDecoder(format: format, site: site, enricher: enricher)
        let outcome = try await IngestPipeline.run(
            files: files, config: config, retries: retries, maxErrors: maxErrors, decoder: decoder)
        let stats = outcome.stats
        let failed = !outcome.unreadable.isEmpty || !outcome.refused.isEmpty || stats.invalid > 0
        // A run that imported nothing and failed says only why, not "ingested 0 events".
        let failedEmpty = stats.events == 0 && failed
        if !failedEmpty {
            say(
                "ingested \(stats.events) event\(stats.events == 1 ? "" : "s") from \(files.count) input(s) into \(outcome.sealedKeys.count) segment(s)"
                    + (stats.invalid > 0 ? "; \(stats.invalid) bad line(s) skipped" : "")
                    + (stats.skipped > 0 ? "; \(stats.skipped) request(s) not page views" : "")
                    + (stats.events == 0 && stats.invalid == 0 && stats.skipped == 0 ? ": nothing to import" : ""))
        }
        // Segments queued by earlier runs may still have moved: those regions are still said.
        DrainSummary.show(outcome.drain, onlyActive: failedEmpty)

        let undelivered = outcome.undelivered
        if !undelivered.isEmpty {
            // Spooled but in no region: durable here only. Say so and fail.
            throw CLIError(
                "\(undelivered.count) segment(s) reached no region and wait in the spool \(config.spool); run `tidemark flush` when a region is back")
        }
        if !outcome.unreadable.isEmpty {
            // Each carries its file and cause: "nope.log: No such file or directory".
            throw CLIError(outcome.unreadable.joined(separator: "; "))
        }
        if !outcome.refused.isEmpty {
            throw CLIError("refused (fewer than half of the first lines fit a recognised format, or the one asked for): " + outcome.refused.joined(separator: ", "))
        }
        if stats.events == 0 && stats.invalid > 0 {
            // SPEC §5/§6: a run whose every line was refused failed; it is not a quiet success.
            throw CLIError(
                "nothing imported: all \(stats.invalid) line(s) were refused"
                    + (stats.foreign == stats.invalid
                        ? " because their site is not in the configured sites (\(config.sites.joined(separator: ", ")))"
                        : "")
                    + "; first: \(stats.firstInvalid)")
        }
    }
}

/// What an import counted.
struct IngestStats {
    var events = 0
    var invalid = 0
    /// Access-log requests that are not page views (assets, errors).
    var skipped = 0
    /// Of `invalid`: lines of a site the configuration does not accept.
    var foreign = 0
    /// The first bad line as `FILE:LINE: reason`.
    var firstInvalid = ""
}

extension IngestCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
