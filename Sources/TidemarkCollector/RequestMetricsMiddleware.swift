import Hummingbird

/// Records every request's route, status and duration in
/// `tidemark_http_requests_total` and `tidemark_http_request_duration_seconds`,
/// health checks and scrapes included; paths the collector does not serve
/// count as route `other` (docs/METRICS.md).
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = CollectorRequestContext

    /// Where requests are counted.
    let metrics: CollectorMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let route = CollectorMetrics.route(path: request.uri.path)
        do {
            let response = try await next(request, context)
            metrics.request(route: route, status: response.status.code, duration: ContinuousClock.now - started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.request(route: route, status: status, duration: ContinuousClock.now - started)
            throw error
        }
    }
}
