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
    /// Runs until SIGTERM or SIGINT (`CollectorApplication.serviceGroup`
    /// says in what order the services stop). `onListening` gets the bound
    /// port; `logger` gets the collector's and Hummingbird's records (never an IP).
    package static func run(
        settings: CollectorSettings, stores: [any ObjectStore], onListening: @escaping @Sendable (Int) -> Void,
        logger: Logger
    ) async throws {
        let collector = try CollectorApplication(
            settings: settings, stores: stores, logger: logger, onListening: onListening)
        try await collector.serviceGroup(handlingSignals: true, logger: logger).run()
        collector.logStopped(logger)
    }
}
