import Hummingbird

/// With an access token configured, every request but the login form's
/// post carries it: `Authorization: Bearer <token>`, or the cookie the login
/// form sets. Otherwise 401 (a login form for a browser opening `/`).
struct ServeAuthMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// The cookie `POST /login` sets.
    static let cookieName = "tidemark_token"

    /// Nil: no token configured (loopback only), every request passes.
    let token: AccessToken?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token else { return try await next(request, context) }
        if request.method == .post && request.uri.path == "/login" { return try await next(request, context) }
        if token.matches(authorization: request.headers[.authorization]) { return try await next(request, context) }
        if let cookie = Self.cookie(request.headers[values: .cookie]), token.matches(Array(cookie.utf8)) {
            return try await next(request, context)
        }
        if request.method == .get && request.uri.path == "/" {
            return ServeRoutes.response(401, contentType: "text/html; charset=utf-8", LoginPage.html(failed: false))
        }
        return ServeErrorMiddleware.answer(.unauthorized)
    }

    /// The token cookie's decoded value among `Cookie` header values.
    static func cookie(_ headers: [String]) -> String? {
        for header in headers {
            for part in header.split(separator: ";") {
                let trimmed = part.drop { $0 == " " }
                if trimmed.hasPrefix(cookieName + "=") {
                    return FormFields.decode(trimmed.dropFirst(cookieName.count + 1))
                }
            }
        }
        return nil
    }
}
