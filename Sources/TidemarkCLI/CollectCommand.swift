import ArgumentParser
import Foundation
import Logging
import TidemarkCollector
import TidemarkCore
import TidemarkIngest
import TidemarkLog

/// `tidemark collect`: the HTTP collector.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Run the HTTP collector: beacons, pixel, health and metrics.",
        discussion: """
            POST /api/event takes one JSON object, a JSON array or NDJSON; GET /p.gif takes the same \
            fields as query parameters (ref for the referrer). Events are fsynced in the spool's journal \
            before the answer, sealed into segments per site and hour, and uploaded to every region. \
            GET /healthz answers "ok"; GET /metrics is Prometheus text.

            SIGTERM or SIGINT stops accepting, seals the journal and uploads for up to \
            collector.shutdown_grace_seconds, then aborts what is still in flight; the rest stays in the \
            spool for the next start.

            Example:
              tidemark collect --config tidemark.yml --listen 0.0.0.0:8080
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Address to listen on (default: collector.listen).", valueName: "host:port"))
    var listen: String?

    /// Resolves the settings and runs the collector until SIGTERM or SIGINT.
    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let c = config.collector
        let (host, port) = try Self.hostAndPort(listen ?? c.listen)
        var proxies: [IPRange] = []
        for text in c.trustedProxies {
            guard let range = IPRange(text) else {
                throw CLIError("collector.trusted_proxies: \"\(text)\" is not an IP address or CIDR block")
            }
            proxies.append(range)
        }
        var settings = CollectorSettings(
            prefix: config.prefix, sites: config.sites, spoolRoot: config.spool, collectorID: c.id, host: host,
            port: port, saltSecret: try SaltSecret.load(config),
            limits: HitLimits(maxFieldBytes: c.maxFieldBytes, maxNameBytes: c.maxNameBytes), trustedProxies: proxies,
            countryHeader: c.countryHeader, maxBodyBytes: c.maxBodyBytes, spoolLimitBytes: c.spoolLimitBytes,
            sealAgeSeconds: c.sealAgeSeconds, sealBytes: c.sealBytes, shutdownGraceSeconds: c.shutdownGraceSeconds,
            retryAfterSeconds: c.retryAfterSeconds)
        settings.zones = config.zones
        let stores = try RegionFactory.stores(for: config, background: true)
        do {
            try await Collector.run(
                settings: settings, stores: stores,
                onListening: { say("collector \(c.id) listening on http://\(host):\($0)") },
                logger: LogSystem.logger())
        } catch let error as CLIError {
            throw error
        } catch {
            throw ListenFailure.describe(error, command: "collect", address: listen ?? c.listen) ?? CLIError("collector: \(error)")
        }
    }

    /// Splits `host:port` or `[v6]:port`.
    static func hostAndPort(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), port >= 0,
            port <= 65_535
        else { throw CLIError("listen address \"\(text)\" is not host:port") }
        var host = String(text[text.startIndex..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

extension CollectCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
