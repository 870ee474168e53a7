import TidemarkCore

/// Why `tidemark serve` refused a request or could not start. Every request
/// error becomes an HTTP status and a JSON body (`{"reason", "detail"}`) in
/// one place, `ServeRoutes`; a start-up error becomes one line on stderr.
package struct ServeError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case badRequest = "bad_request"
        case rangeTooLong = "range_too_long"
        case unknownSite = "unknown_site"
        case notFound = "not_found"
        case unauthorized = "unauthorized"
        case unavailable = "unavailable"
        case configuration = "configuration"
        case zoneMismatch = "zone_mismatch"
    }

    private let code: Code
    /// What went wrong, one line, safe to show to a client (no keys of
    /// credentials, no stack).
    package let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// A query parameter is missing, unknown or malformed.
    package static func badRequest(_ detail: String) -> ServeError { ServeError(.badRequest, detail) }
    /// The range holds more days than the server merges at once.
    package static func rangeTooLong(days: Int, limit: Int) -> ServeError {
        ServeError(.rangeTooLong, "the range holds \(days) days; at most \(limit) days are served at once")
    }
    /// The site is not one this server serves.
    package static func unknownSite(_ site: String) -> ServeError {
        ServeError(.unknownSite, "no site \(site) is served here")
    }
    /// No such route, or no stored report for that day.
    package static func notFound(_ detail: String) -> ServeError { ServeError(.notFound, detail) }
    /// The bearer token is missing or wrong.
    package static let unauthorized = ServeError(
        .unauthorized, "a valid access token is required: send `Authorization: Bearer <token>`")
    /// No region could serve what the report needs.
    package static func unavailable(_ detail: String) -> ServeError { ServeError(.unavailable, detail) }
    /// A stored daily partial was built in another zone than the site's
    /// configured one (SPEC §3.1): the day must be rebuilt before it is served.
    package static func zoneMismatch(_ detail: String) -> ServeError { ServeError(.zoneMismatch, detail) }
    /// A setting is unusable; the server does not start.
    package static func configuration(_ detail: String) -> ServeError { ServeError(.configuration, detail) }

    /// The HTTP status of the error.
    package var status: Int {
        switch code {
        case .badRequest, .rangeTooLong: 400
        case .unknownSite, .notFound: 404
        case .zoneMismatch: 409
        case .unauthorized: 401
        case .unavailable: 503
        case .configuration: 500
        }
    }

    /// Whether this is `zoneMismatch`.
    package var isZoneMismatch: Bool { code == .zoneMismatch }

    /// The short machine-readable reason (`bad_request`, `unknown_site`, …).
    package var reason: String { code.rawValue }

    /// `{"reason": "…", "detail": "…"}` and a newline.
    package var json: String {
        var out = "{\"reason\": "
        JSONText.appendString(reason, to: &out)
        out += ", \"detail\": "
        JSONText.appendString(detail, to: &out)
        out += "}\n"
        return out
    }

    package var description: String { detail }
}
