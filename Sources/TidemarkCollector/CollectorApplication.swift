import Hummingbird
import Logging
import ServiceLifecycle
import TidemarkIngest
import TidemarkReplication
import TidemarkStore

/// The collector built from its settings and stores: the Hummingbird
/// application that answers requests, and the services behind it (the
/// shipper and one upload loop per region). `Collector.run` runs them in one
/// `ServiceGroup`; tests drive `application` in process with
/// HummingbirdTesting, adding `backgroundServices` when they need shipping.
package struct CollectorApplication: Sendable {
    /// The HTTP surface (SPEC §4): `POST /api/event`, `GET /p.gif`, `GET /healthz`, `GET /metrics`.
    package let application: Application<RouterResponder<CollectorRequestContext>>
    /// Sealing, the final flush and watermarks.
    package let shipper: Shipper
    /// The journal requests append to.
    package let journal: Journal
    /// The counters and gauges `/metrics` shows.
    package let metrics: CollectorMetrics

    /// Seconds the final seal and upload get after a graceful shutdown.
    package let shutdownGraceSeconds: Double

    /// The shipper, then each region's upload loop: put them before
    /// `application` in a `ServiceGroup`, which shuts services down last first.
    package var backgroundServices: [any Service] { [shipper] + shipper.regionLoops.map { $0 as any Service } }

    /// Every service in one group, which shuts them down in reverse order:
    /// the HTTP server first (no new requests; those in flight finish), then
    /// each region's upload loop, then the shipper, which closes and seals the
    /// journal and uploads to every region at once. When the grace period
    /// ends the group cancels what is still running; cancelling an S3
    /// transfer aborts it (`S3Client`), so a hung region never holds the
    /// process past its grace.
    /// - Parameter handlingSignals: SIGTERM and SIGINT start a graceful shutdown (tests pass false
    ///   and call `triggerGracefulShutdown()`).
    package func serviceGroup(handlingSignals: Bool, logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: backgroundServices + [application],
            gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [], logger: logger)
        configuration.maximumGracefulShutdownDuration = Duration.milliseconds(Int64(shutdownGraceSeconds * 1000))
        return ServiceGroup(configuration: configuration)
    }

    /// Opens the journal under `settings.spoolRoot` and wires the parts; no
    /// socket is opened and no region is contacted until the services run.
    /// - Parameters:
    ///   - logger: the shipper's and Hummingbird's records (never an IP).
    ///   - onListening: gets the bound port once the server listens.
    /// - Throws: `UserAgentError` when uap-core is missing; `CollectorError` when the journal cannot be opened.
    package init(
        settings: CollectorSettings, stores: [any ObjectStore], logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws {
        // Load the user-agent data before listening, so a missing uap-core fails the start, not a request.
        try UserAgentClassifier.prepare()
        // No store prepare(): buckets must exist (README), and a hung region must not delay listening.
        let regions = RegionSet(stores)
        let spool = Spool(root: settings.spoolRoot, regions: regions.names)
        let metrics = CollectorMetrics(regions: regions.names)
        let journal = try Journal(
            directory: settings.spoolRoot + "/journal", rotateAtBytes: settings.sealBytes, onCommit: metrics.journalCommitted)
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
        shipper = Shipper(
            settings: settings, journal: journal, spool: spool, regions: regions, sites: sites, metrics: metrics, logger: logger)
        application = Application(
            router: routes.router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)
        self.journal = journal
        self.metrics = metrics
        shutdownGraceSeconds = settings.shutdownGraceSeconds
    }

    /// The record that ends a run, once the service group has returned:
    /// `stopped` at info when nothing is left queued; a warning naming the
    /// regions (`regions=ap=40,us=2`) when segments stay in the spool, so an
    /// alert on warnings sees a stop that left work behind (docs/LOGGING.md).
    package func logStopped(_ logger: Logger) {
        let queued = shipper.queuedSegments
        var metadata: Logger.Metadata = ["queued_segments": .stringConvertible(queued)]
        let behind = shipper.queuedByRegion.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if !behind.isEmpty { metadata["regions"] = "\(behind.joined(separator: ","))" }
        if !shipper.finalFlushFinished {
            logger.warning(
                "stopped after the grace period: what is not uploaded stays in the spool for the next start",
                metadata: metadata)
        } else if queued > 0 {
            logger.warning(
                "stopped with segments still queued: they upload at the next start or with tidemark flush",
                metadata: metadata)
        } else {
            logger.info("stopped", metadata: metadata)
        }
    }
}
