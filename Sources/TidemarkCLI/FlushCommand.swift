import ArgumentParser
import TidemarkCore
import TidemarkReplication

/// `tidemark flush`: upload everything the spool holds, then exit.
struct FlushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Upload every spooled segment to every region, then exit.",
        discussion: """
            Drains each region's hand-off queue with back-off. Exits non-zero, naming the regions, \
            when some are still unreachable after the retries; what they lack stays queued.

            Example (cron, every 5 minutes):
              */5 * * * * cd /srv/tidemark && tidemark flush --config tidemark.yml
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, parsing: .unconditional, help: "Attempts per region before giving up for this run (1 or more).")
    var retries: Int = 5

    /// Refuses fewer than one attempt.
    func validate() throws {
        try OptionChecks.positive(retries, "retries")
    }

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let regions = RegionSet(try RegionFactory.stores(for: config))
        let spool = Spool(root: config.spool, regions: regions.names)
        let report = try await HandoffDrainer(spool: spool, regions: regions, policy: RetryPolicy(maxAttempts: retries))
            .drain()
        DrainSummary.show(report)
        let behind = report.behind
        if !behind.isEmpty {
            throw CLIError(
                "regions still behind: "
                    + behind.map { "\($0.region) (\($0.remaining) segment(s))" }.joined(separator: ", ")
                    + "; they stay queued in \(config.spool)")
        }
    }
}

extension FlushCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
