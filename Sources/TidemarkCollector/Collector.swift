import Foundation
import Hummingbird
import Logging
import TidemarkIngest
import TidemarkReplication
import TidemarkStore

/// `tidemark collect`: the HTTP server, the journal and the shipper, with a
/// graceful SIGTERM (stop accepting, seal, upload within the grace period,
/// leave the rest in the spool for the next start).
package enum Collector {
    /// Runs until SIGTERM or SIGINT. `onListening` gets the bound port;
    /// `logger` gets the collector's and Hummingbird's records (never an IP).
    package static func run(
        settings: CollectorSettings, stores: [any ObjectStore], onListening: @escaping @Sendable (Int) -> Void,
        logger: Logger
    ) async throws {
        // Load the user-agent data before listening, so a missing uap-core fails the start, not a request.
        try UserAgentClassifier.prepare()
        // No store prepare(): buckets must exist (README), and a hung region must not delay listening.
        let regions = RegionSet(stores)
        let spool = Spool(root: settings.spoolRoot, regions: regions.names)
        let journal = try Journal(directory: settings.spoolRoot + "/journal")
        let metrics = CollectorMetrics(regions: regions.names)
        let sites = SiteRegistry(configured: settings.sites)
        let enricher = Enricher(
            allowedSites: Set(settings.sites), visitorID: VisitorID(secret: settings.saltSecret), zones: settings.zones,
            limits: settings.limits)
        let intake = HitIntake(
            enricher: enricher, journal: journal, metrics: metrics, sites: sites,
            spoolLimitBytes: settings.spoolLimitBytes, retryAfterSeconds: settings.retryAfterSeconds)
        let routes = CollectorRoutes(
            intake: intake, metrics: metrics, journal: journal,
            addresses: ClientAddressResolver(trustedProxies: settings.trustedProxies),
            countryHeader: settings.countryHeader?.lowercased(), maxBodyBytes: settings.maxBodyBytes)
        let shipper = Shipper(
            settings: settings, journal: journal, spool: spool, regions: regions, sites: sites, metrics: metrics, logger: logger)

        let app = Application(
            router: routes.router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)
        let loop = Task { await shipper.run() }
        try await app.runService()

        // SIGTERM: the server no longer accepts; ship what we can in the grace period.
        logger.info(
            "stopping: sealing the journal and uploading within the grace period",
            metadata: ["seconds": "\(settings.shutdownGraceSeconds)"])
        loop.cancel()
        let final = Task {
            await loop.value
            await journal.close()
            await shipper.flushAll()
        }
        // Not a task group: it would wait for its slower child, and an upload
        // stuck in a hung region does not end when cancelled. The loser of
        // this race is simply left behind when the process exits.
        let (outcome, report) = AsyncStream<Bool>.makeStream()
        Task {
            await final.value
            report.yield(true)
        }
        Task {
            try? await Task.sleep(for: .milliseconds(Int(settings.shutdownGraceSeconds * 1000)))
            report.yield(false)
        }
        var first = outcome.makeAsyncIterator()
        let finished = await first.next() ?? false
        let g = metrics.gauges
        let queued = g.queued.values.reduce(0, +)
        if finished {
            logger.info("stopped", metadata: ["segments": "\(queued)"])
        } else {
            logger.warning(
                "stopped after the grace period: what is not uploaded stays in the spool for the next start",
                metadata: ["segments": "\(queued)"])
        }
    }
}
