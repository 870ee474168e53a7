import ArgumentParser
import Foundation
import Logging
import TidemarkCore
import TidemarkLog
import TidemarkServe

/// `tidemark serve`: the read-only dashboard and JSON API (SPEC §5, docs/API.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a read-only dashboard and JSON API over the stored reports.",
        discussion: """
            GET / is the dashboard: every site's last 30 days, and per site any period (day, 7 or 30 \
            days, month, year, a custom range) against the period of the same length before it. \
            GET /api/v1/sites and GET /api/v1/report?site=S&from=D&to=D give the same JSON as \
            tidemark report --format json (docs/API.md). Reports are merged from the daily partials \
            in the first region that answers with the right checksum; nothing is ever written.

            It listens on loopback (serve.listen, default 127.0.0.1:8787). Any other address needs \
            serve.token_env: the name of an environment variable holding an access token, which \
            every request must then send as Authorization: Bearer <token> (a browser signs in once \
            with a form).

            Example:
              tidemark serve
              # off loopback: tidemark.yml has  serve: {token_env: TM_SERVE_TOKEN}
              TM_SERVE_TOKEN=$(openssl rand -hex 24) tidemark serve --config tidemark.yml --listen 0.0.0.0:8787
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Address to listen on (default: serve.listen, else 127.0.0.1:8787).", valueName: "addr:port"))
    var listen: String?

    /// Checks the settings, then serves until SIGTERM or SIGINT.
    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let settings: ServeSettings
        do {
            settings = try ServeSettings.resolve(
                listen: listen ?? config.serve.listen, tokenEnv: config.serve.tokenEnv,
                environment: ProcessInfo.processInfo.environment)
        } catch let error as ServeError {
            throw CLIError("serve: \(error.detail)")
        }
        let source = StoredReportSource(
            prefix: config.prefix, stores: try RegionFactory.stores(for: config),
            configured: config.sites.map { ($0, config.zone(for: $0).identifier) },
            localDays: JobSupport.localDays(config), siteListSeconds: settings.siteListSeconds,
            nowMillis: { Int64(Date().timeIntervalSince1970 * 1000) })
        let host = settings.listen.host.contains(":") ? "[\(settings.listen.host)]" : settings.listen.host
        do {
            try await DashboardServer.run(settings: settings, source: source, logger: LogSystem.logger()) {
                say("tidemark serve: dashboard on http://\(host):\($0)/" + (settings.token == nil ? "" : " (access token required)"))
            }
        } catch {
            throw ListenFailure.describe(error, command: "serve", address: listen ?? config.serve.listen)
                ?? CLIError("serve on \(settings.listen): \(error)")
        }
    }
}

extension ServeCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
