import Foundation
import Hummingbird
import Logging
import TidemarkCore
import TidemarkReplication

/// The HTTP surface of `tidemark serve` (docs/API.md): the dashboard at `/`
/// and the JSON API under `/api/v1/`. Read-only; every error becomes a
/// status and a JSON reason in `ServeErrorMiddleware`, never a stack trace.
package struct ServeRoutes: Sendable {
    /// Sites and reports.
    package let source: any PeriodReportSource
    /// Token, limits.
    package let settings: ServeSettings
    /// The current time in epoch seconds; "today" of `period=` is read from it.
    package let nowSeconds: @Sendable () -> Int64

    /// Memberwise initialiser; `nowSeconds` defaults to the system clock.
    package init(
        source: any PeriodReportSource, settings: ServeSettings,
        nowSeconds: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.source = source
        self.settings = settings
        self.nowSeconds = nowSeconds
    }

    /// The router with every route and the middleware in front of them.
    package func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ServeErrorMiddleware())
        router.add(middleware: ServeAuthMiddleware(token: settings.token))
        router.get("/") { _, _ in
            Self.response(200, contentType: "text/html; charset=utf-8", DashboardPage.html)
        }
        router.post("/login") { request, _ in try await login(request) }
        router.get("/api/v1/sites") { request, _ in try await sites(request) }
        router.get("/api/v1/report") { request, _ in try await report(request) }
        router.get("/api/v1/daily") { request, _ in try await daily(request) }
        return router
    }

    /// How many local days `GET /api/v1/sites` lists under `recent_days`.
    static let recentDayCount = 7

    /// `GET /api/v1/sites[?date=D]`: every served site with the state of its
    /// last `recentDayCount` local days, ending on `date` or today in its zone.
    private func sites(_ request: Request) async throws -> Response {
        let p = try QueryPairs(Self.pairs(request), allowed: ["date"])
        let date = try p.day("date")
        if let date, date < Self.recentDayCount - 1 {
            throw ServeError.badRequest("dates before 1970-01-07 are not served")
        }
        let now = nowSeconds()
        var listed: [SiteListJSON.Entry] = []
        for site in try await source.sites() {
            let last = date ?? SiteCalendar.day(atSeconds: now, timeZone: site.timeZone) ?? 0
            let days = DayRange(from: max(0, last - Self.recentDayCount + 1), to: max(0, last))
            listed.append(.init(site: site, recent: try await source.dayStates(site: site, days: days)))
        }
        return Self.json(200, SiteListJSON.bytes(listed))
    }

    /// `GET /api/v1/report?site=S&(from=D&to=D | period=P[&date=D])[&compare=previous]`.
    private func report(_ request: Request) async throws -> Response {
        let query = try ReportQuery.parse(Self.pairs(request))
        let site = try await served(query.site)
        let today = SiteCalendar.day(atSeconds: nowSeconds(), timeZone: site.timeZone) ?? 0
        let range = try query.range(today: today, maxDays: settings.maxRangeDays)
        guard query.comparePrevious else {
            return Self.json(200, try await source.report(site: site, days: range))
        }
        async let previous = source.report(site: site, days: range.previous)
        let current = try await source.report(site: site, days: range)
        return Self.json(200, ComparisonJSON.bytes(current: current, previous: try await previous))
    }

    /// `GET /api/v1/daily?site=S&date=D`: the stored daily report of one local day.
    private func daily(_ request: Request) async throws -> Response {
        let p = try QueryPairs(Self.pairs(request), allowed: ["site", "date"])
        let site = try await served(try p.site())
        guard let day = try p.day("date") else { throw ServeError.badRequest("date= (YYYY-MM-DD) is required") }
        guard day >= 0 else { throw ServeError.badRequest("dates before 1970-01-01 are not served") }
        guard let bytes = try await source.dailyReport(site: site, day: day) else {
            throw ServeError.notFound("no daily report of \(site.site) for \(Timestamp.formatDay(day)) is stored yet")
        }
        return Self.json(200, bytes)
    }

    /// `POST /login` (form field `token`): sets the token as an HTTP-only
    /// cookie so a browser can open the dashboard, then goes to `/`.
    private func login(_ request: Request) async throws -> Response {
        guard let token = settings.token else { return Self.redirect("/") }
        var request = request
        let body = (try? await request.collectBody(upTo: 4096)).map { String(buffer: $0) } ?? ""
        let given = FormFields.value(of: "token", in: body) ?? ""
        guard token.matches(Array(given.utf8)) else {
            return Self.response(401, contentType: "text/html; charset=utf-8", LoginPage.html(failed: true))
        }
        var response = Self.redirect("/")
        response.headers[.setCookie] =
            "\(ServeAuthMiddleware.cookieName)=\(FormFields.cookieSafe(given)); Path=/; HttpOnly; SameSite=Strict"
        return response
    }

    /// The served site named `name`, or 404.
    private func served(_ name: String) async throws -> ServedSite {
        guard let site = try await source.sites().first(where: { $0.site == name }) else {
            throw ServeError.unknownSite(name)
        }
        return site
    }

    /// The query's name/value pairs, values percent-decoded.
    static func pairs(_ request: Request) -> [(String, String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    /// A JSON response that no cache keeps.
    static func json(_ status: Int, _ bytes: [UInt8]) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A text response with the security headers.
    static func response(_ status: Int, contentType: String, _ text: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = contentType
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func redirect(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// Headers of every response: nothing cached, nothing framed, no
    /// external origin, no referrer sent, types not sniffed.
    static let securityHeaders: HTTPFields = {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        for (name, value) in [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")] {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        return headers
    }()
}
