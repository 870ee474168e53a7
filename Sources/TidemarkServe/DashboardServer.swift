import Hummingbird
import Logging
import ServiceLifecycle

/// `tidemark serve`: Hummingbird's application over `ServeRoutes`.
package enum DashboardServer {
    /// Runs the server until SIGTERM or SIGINT (Hummingbird runs it under
    /// service-lifecycle), then logs `stopped` (docs/LOGGING.md);
    /// `onListening` gets the bound port.
    package static func run(
        settings: ServeSettings, source: any PeriodReportSource, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let routes = ServeRoutes(source: source, settings: settings)
        try await application(routes: routes, listen: settings.listen, logger: logger, onListening: onListening)
            .runService()
        // Hummingbird says nothing at info when a signal ends it: without this line a stop looks like a hang.
        logger.info("stopped")
    }

    /// Starts the server in a task of its own, for tests and benchmarks;
    /// returns once it listens.
    package static func start(routes: ServeRoutes, listen: ListenAddress, logger: Logger) async throws -> RunningDashboard {
        let (ports, report) = AsyncStream<Int>.makeStream()
        let app = application(routes: routes, listen: listen, logger: logger) { report.yield($0) }
        // A group without signal handlers, stopped gracefully by `stop()`.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { report.finish() }
            try await group.run()
        }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else {
            _ = await task.result
            throw ServeError.configuration("the server did not start on \(listen)")
        }
        return RunningDashboard(port: port, group: group, task: task)
    }

    private static func application(
        routes: ServeRoutes, listen: ListenAddress, logger: Logger, onListening: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: routes.router(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "tidemark"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? listen.port) },
            logger: logger)
    }
}

/// A server started by `DashboardServer.start`.
package struct RunningDashboard: Sendable {
    /// The bound port.
    package let port: Int
    fileprivate let group: ServiceGroup
    fileprivate let task: Task<Void, any Error>

    /// Stops the server gracefully and waits for it.
    package func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
