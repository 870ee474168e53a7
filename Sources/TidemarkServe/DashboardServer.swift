import Hummingbird
import Logging

/// `tidemark serve`: Hummingbird's application over `ServeRoutes`.
package enum DashboardServer {
    /// Runs the server until SIGTERM or SIGINT (Hummingbird runs it under
    /// service-lifecycle); `onListening` gets the bound port.
    package static func run(
        settings: ServeSettings, source: any PeriodReportSource, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        let routes = ServeRoutes(source: source, settings: settings)
        try await application(routes: routes, listen: settings.listen, logger: logger, onListening: onListening)
            .runService()
    }

    /// Starts the server in a task of its own, for tests and benchmarks;
    /// returns once it listens.
    package static func start(routes: ServeRoutes, listen: ListenAddress, logger: Logger) async throws -> RunningDashboard {
        let (ports, report) = AsyncStream<Int>.makeStream()
        let app = application(routes: routes, listen: listen, logger: logger) { report.yield($0) }
        let task = Task { try await app.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else {
            task.cancel()
            throw ServeError.configuration("the server did not start on \(listen)")
        }
        return RunningDashboard(port: port, task: task)
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
    fileprivate let task: Task<Void, any Error>

    /// Stops the server and waits for it.
    package func stop() async {
        task.cancel()
        _ = await task.result
    }
}
