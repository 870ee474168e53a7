import Hummingbird
import Logging
import TidemarkReplication

/// Turns every failure into a status and a JSON reason (`ServeError.json`):
/// bad requests, unknown routes, unreachable data. Anything unexpected is
/// logged here and answered with a bare 500, never a stack or a key.
struct ServeErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Longest request target taken, in bytes.
    static let maxURIBytes = 4096

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.string.utf8.count <= Self.maxURIBytes else {
            return Self.answer(.badRequest("the request target is longer than \(Self.maxURIBytes) bytes"))
        }
        do {
            return try await next(request, context)
        } catch let error as ServeError {
            return Self.answer(error)
        } catch let error as ReplicaReadError {
            context.logger.warning(
                "no region could serve a good copy", metadata: ["key": "\(error.key)", "error": "\(error)"])
            return Self.answer(.unavailable("no region could serve a good copy of \(error.key)"))
        } catch let error as HTTPError where error.status == .notFound {
            return Self.answer(.notFound("no route \(request.method) \(request.uri.path)"))
        } catch let error as HTTPError {
            return Self.answer(
                error.status.code == 401 ? .unauthorized : .badRequest("the request was refused (\(error.status.code))"))
        } catch {
            context.logger.error(
                "request failed",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            return ServeRoutes.json(500, Array(#"{"reason": "internal", "detail": "the server failed; see its log"}"#.utf8) + [0x0A])
        }
    }

    static func answer(_ error: ServeError) -> Response {
        ServeRoutes.json(error.status, Array(error.json.utf8))
    }
}
