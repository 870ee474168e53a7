import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TidemarkIngest
import TidemarkReplication
import TidemarkStore

/// `tidemark collect`: the HTTP server, the shipper and one upload loop per
/// region, run as services of one `ServiceGroup`, with a graceful SIGTERM or
/// SIGINT (stop accepting, seal, upload within the grace period, leave the
/// rest in the spool for the next start).
package enum Collector {
    /// Runs until SIGTERM or SIGINT. `onListening` gets the bound port;
    /// `logger` gets the collector's and Hummingbird's records (never an IP).
    ///
    /// The group shuts its services down in reverse order: the HTTP server
    /// first (no new requests; those in flight finish), then each region's
    /// upload loop, then the shipper, which closes and seals the journal and
    /// uploads to every region at once. When the grace period ends the group
    /// cancels what is still running; cancelling an S3 transfer aborts it
    /// (`S3Client`), so a hung region never holds the process past its grace.
    package static func run(
        settings: CollectorSettings, stores: [any ObjectStore], onListening: @escaping @Sendable (Int) -> Void,
        logger: Logger
    ) async throws {
        let collector = try CollectorApplication(
            settings: settings, stores: stores, logger: logger, onListening: onListening)
        var configuration = ServiceGroupConfiguration(
            services: collector.backgroundServices + [collector.application], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(Int64(settings.shutdownGraceSeconds * 1000))
        try await ServiceGroup(configuration: configuration).run()
        let queued = collector.shipper.queuedSegments
        if collector.shipper.finalFlushFinished {
            logger.info("stopped", metadata: ["segments": "\(queued)"])
        } else {
            logger.warning(
                "stopped after the grace period: what is not uploaded stays in the spool for the next start",
                metadata: ["segments": "\(queued)"])
        }
    }
}
