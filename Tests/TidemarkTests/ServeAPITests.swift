import Foundation
import Logging
import Testing
import TidemarkCore
import TidemarkReplication
@testable import TidemarkServe

/// The HTTP surface of `tidemark serve` over a fake source: routes, status
/// codes and JSON reasons, the token, the period arithmetic. The real source
/// (stored partials, byte equality with `tidemark report`) is tested in
/// `ServeIntegrationTests`. Serialized: the raw client blocks a dispatch
/// thread per request, and dozens at once wait for the pool to grow.
@Suite(.serialized) struct ServeAPITests {
    /// Sites and reports from memory; each report names its range.
    struct FakeSource: PeriodReportSource {
        var served = [
            ServedSite(site: "example.com", timeZone: "UTC", firstDay: day("2026-01-01"), lastDay: day("2026-11-29")),
            ServedSite(site: "shop.example.com", timeZone: "Pacific/Auckland"),
        ]
        var failure: (any Error & Sendable)?

        func sites() async throws -> [ServedSite] { served }

        func report(site: ServedSite, days: DayRange) async throws -> [UInt8] {
            if let failure { throw failure }
            return Array("{\n  \"site\": \"\(site.site)\",\n  \"from\": \"\(Timestamp.formatDay(days.from))\",\n  \"to\": \"\(Timestamp.formatDay(days.to))\"\n}\n".utf8)
        }

        func dailyReport(site: ServedSite, day: Int) async throws -> [UInt8]? {
            day == Self.day("2026-11-29") ? Array("{\"series\": []}\n".utf8) : nil
        }

        /// Each state in turn by date (complete, partial, missing, empty, in_progress, …),
        /// so a test knows what every day shows.
        func dayStates(site: ServedSite, days: DayRange) async throws -> [DayState] {
            if let failure { throw failure }
            return (days.from...days.to).map { DayState(day: $0, status: Self.state(of: $0)) }
        }

        static func state(of day: Int) -> DayState.Status { DayState.Status.allCases[day % DayState.Status.allCases.count] }

        static func day(_ text: String) -> Int { Timestamp.parseDay(text) ?? -1 }
    }

    /// 2026-11-30 12:00:00Z: 2026-12-01 in Auckland (+13:00).
    static let noon: Int64 = 1_796_040_000

    /// Runs `body` against a live server on a free loopback port.
    static func withServer(
        source: FakeSource = FakeSource(), token: String? = nil, _ body: (Int) async throws -> Void
    ) async throws {
        var settings = ServeSettings(
            listen: try ListenAddress(parsing: "127.0.0.1:0"), token: try token.map { try AccessToken($0, variable: "T") })
        settings.maxRangeDays = 366
        let routes = ServeRoutes(source: source, settings: settings, nowSeconds: { noon })
        let server = try await DashboardServer.start(routes: routes, listen: settings.listen, logger: Logger(label: "test"))
        do {
            try await body(server.port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func get(_ port: Int, _ path: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await RawHTTP.send(port: port, method: "GET", path: path, headers: headers, body: [])
    }

    static func object(_ reply: HTTPReply) -> [String: Any] { reply.json }

    @Test func sitesListsEveryServedSite() async throws {
        try await Self.withServer { port in
            let reply = try await Self.get(port, "/api/v1/sites")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json")
            let sites = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]])
            #expect(sites.count == 2)
            #expect(sites[0]["site"] as? String == "example.com")
            #expect(sites[0]["time_zone"] as? String == "UTC")
            #expect(sites[0]["first_day"] as? String == "2026-01-01")
            #expect(sites[0]["last_day"] as? String == "2026-11-29")
            #expect(sites[1]["first_day"] is NSNull)
            // The last 7 local days of each site's zone, ending today there (2026-12-01 in Auckland).
            for (site, last) in zip(sites, ["2026-11-30", "2026-12-01"]) {
                let recent = try #require(site["recent_days"] as? [[String: Any]])
                let lastDay = FakeSource.day(last)
                #expect(recent.map { $0["date"] as? String } == (lastDay - 6...lastDay).map { Timestamp.formatDay($0) })
                for (entry, day) in zip(recent, lastDay - 6...lastDay) {
                    let status = FakeSource.state(of: day)
                    #expect(entry["status"] as? String == status.rawValue)
                    #expect(entry["complete"] as? Bool == (status == .complete || status == .empty))
                }
            }
        }
    }

    /// `date=` moves the recent days; bad dates are 400 with a reason.
    @Test(arguments: [
        ("date=2026-10-25", 200, ""), ("date=2026-13-01", 400, "date"), ("date=1970-01-03", 400, "before 1970-01-07"),
        ("site=example.com", 400, "site"), ("date=2026-10-25&date=2026-10-26", 400, "date"),
    ])
    func sitesTakeADate(query: String, status: Int, reason: String) async throws {
        try await Self.withServer { port in
            let reply = try await Self.get(port, "/api/v1/sites?" + query)
            #expect(reply.status == status, "\(query): \(reply.text)")
            if status == 200 {
                let sites = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [[String: Any]])
                for site in sites {
                    let recent = try #require(site["recent_days"] as? [[String: Any]])
                    #expect(recent.first?["date"] as? String == "2026-10-19")
                    #expect(recent.last?["date"] as? String == "2026-10-25")
                }
            } else {
                #expect((Self.object(reply)["detail"] as? String ?? "").contains(reason), "\(query): \(reply.text)")
            }
        }
    }

    @Test func reportIsTheSourcesBytes() async throws {
        try await Self.withServer { port in
            let reply = try await Self.get(port, "/api/v1/report?site=example.com&from=2026-11-01&to=2026-11-30")
            #expect(reply.status == 200)
            let expected = try await FakeSource().report(
                site: FakeSource().served[0], days: DayRange(from: FakeSource.day("2026-11-01"), to: FakeSource.day("2026-11-30")))
            #expect(reply.body == expected)
        }
    }

    /// `period=` ends on `date=` or today in the site's zone; `compare=previous`
    /// adds the period of the same length just before.
    @Test(arguments: [
        ("site=example.com&period=day", "2026-11-30", "2026-11-30", "2026-11-29", "2026-11-29"),
        ("site=shop.example.com&period=day", "2026-12-01", "2026-12-01", "2026-11-30", "2026-11-30"),
        ("site=example.com&period=7d&date=2026-03-31", "2026-03-25", "2026-03-31", "2026-03-18", "2026-03-24"),
        ("site=example.com&period=30d", "2026-11-01", "2026-11-30", "2026-10-02", "2026-10-31"),
        ("site=example.com&period=month&date=2026-02-14", "2026-02-01", "2026-02-14", "2026-01-18", "2026-01-31"),
        ("site=example.com&period=year&date=2024-12-31", "2024-01-01", "2024-12-31", "2022-12-31", "2023-12-31"),
        ("site=example.com&from=2026-10-20&to=2026-10-26", "2026-10-20", "2026-10-26", "2026-10-13", "2026-10-19"),
    ])
    func periodsAndTheirComparison(_ query: String, _ from: String, _ to: String, _ pFrom: String, _ pTo: String)
        async throws
    {
        try await Self.withServer { port in
            let reply = try await Self.get(port, "/api/v1/report?" + query + "&compare=previous")
            #expect(reply.status == 200, "\(reply.text)")
            let both = Self.object(reply)
            let current = try #require(both["current"] as? [String: Any])
            let previous = try #require(both["previous"] as? [String: Any])
            #expect(current["from"] as? String == from)
            #expect(current["to"] as? String == to)
            #expect(previous["from"] as? String == pFrom)
            #expect(previous["to"] as? String == pTo)
            #expect(Array(both.keys).sorted() == ["current", "previous"])
        }
    }

    /// Every bad parameter is a 400 with a reason that says what is wrong.
    @Test(arguments: [
        ("from=2026-11-01&to=2026-11-02", "site= is required"),
        ("site=../etc&from=2026-11-01&to=2026-11-02", "is not a site id"),
        ("site=Example.com&from=2026-11-01&to=2026-11-02", "is not a site id"),
        ("site=example.com%2F..%2Fx&from=2026-11-01&to=2026-11-02", "is not a site id"),
        ("site=example.com&from=2026-13-01&to=2026-11-02", "from=2026-13-01 is not a date"),
        ("site=example.com&from=2026-02-29&to=2026-03-02", "from=2026-02-29 is not a date"),
        ("site=example.com&from=2026-11-01&to=26-11-02", "to=26-11-02 is not a date"),
        ("site=example.com&from=2026-11-02&to=2026-11-01", "the range is reversed"),
        ("site=example.com&from=2016-01-01&to=2025-12-31", "at most 366 days"),
        ("site=example.com&from=2026-11-01", "give from= and to="),
        ("site=example.com&period=week", "period=week is not one of day, 7d, 30d, month, year"),
        ("site=example.com&period=day&from=2026-11-01&to=2026-11-01", "not both"),
        ("site=example.com&date=2026-11-01&from=2026-11-01&to=2026-11-01", "date= goes with period="),
        ("site=example.com&period=day&compare=next", "compare=next"),
        ("site=example.com&period=day&site=example.com", "given twice"),
        ("site=example.com&period=day&format=csv", "unknown parameter format"),
        ("site=example.com&from=1970-01-01&to=1970-01-05&compare=previous", "before 1970-01-01"),
    ])
    func badParametersAre400(_ query: String, _ reason: String) async throws {
        try await Self.withServer { port in
            let reply = try await Self.get(port, "/api/v1/report?" + query)
            #expect(reply.status == 400, "\(query): \(reply.text)")
            let body = Self.object(reply)
            #expect(["bad_request", "range_too_long"].contains(body["reason"] as? String ?? ""))
            #expect((body["detail"] as? String ?? "").contains(reason), "\(query): \(reply.text)")
        }
    }

    @Test func unknownSitesRoutesAndDaysAre404() async throws {
        try await Self.withServer { port in
            let site = try await Self.get(port, "/api/v1/report?site=other.example&period=day")
            #expect(site.status == 404)
            #expect(Self.object(site)["reason"] as? String == "unknown_site")
            let route = try await Self.get(port, "/api/v1/nothing")
            #expect(route.status == 404)
            #expect(Self.object(route)["reason"] as? String == "not_found")
            let missing = try await Self.get(port, "/api/v1/daily?site=example.com&date=2026-11-28")
            #expect(missing.status == 404)
            let stored = try await Self.get(port, "/api/v1/daily?site=example.com&date=2026-11-29")
            #expect(stored.status == 200)
            #expect(stored.text == "{\"series\": []}\n")
        }
    }

    @Test func aLongRequestTargetIs400() async throws {
        try await Self.withServer { port in
            let reply = try await Self.get(port, "/api/v1/report?site=example.com&period=day&x=" + String(repeating: "a", count: 5000))
            #expect(reply.status == 400)
            #expect((Self.object(reply)["detail"] as? String ?? "").contains("longer than 4096 bytes"))
        }
    }

    /// Source failures say which object could not be read (503) or nothing
    /// at all (500): never a stack or an internal message.
    @Test func sourceFailuresAreJSON() async throws {
        var unavailable = FakeSource()
        unavailable.failure = ReplicaReadError(key: "tm/reports/daily/site=example.com/date=2026-11-30/partial.json.gz", failures: [])
        try await Self.withServer(source: unavailable) { port in
            let reply = try await Self.get(port, "/api/v1/report?site=example.com&period=day")
            #expect(reply.status == 503)
            #expect(Self.object(reply)["reason"] as? String == "unavailable")
        }
        var broken = FakeSource()
        broken.failure = CollectorTestError("secret internal detail")
        try await Self.withServer(source: broken) { port in
            let reply = try await Self.get(port, "/api/v1/report?site=example.com&period=day")
            #expect(reply.status == 500)
            #expect(Self.object(reply)["reason"] as? String == "internal")
            #expect(!reply.text.contains("secret"))
        }
    }

    static let token = "s3cret-token-0123456789"

    /// With a token configured every request needs it: header or the login cookie.
    @Test func tokenIsCheckedOnEveryRequest() async throws {
        try await Self.withServer(token: Self.token) { port in
            for path in ["/api/v1/sites", "/api/v1/report?site=example.com&period=day", "/api/v1/nothing"] {
                let none = try await Self.get(port, path)
                #expect(none.status == 401, "\(path)")
                #expect(Self.object(none)["reason"] as? String == "unauthorized")
                let wrong = try await Self.get(port, path, headers: ["Authorization": "Bearer s3cret-token-0123456788"])
                #expect(wrong.status == 401, "\(path)")
                let short = try await Self.get(port, path, headers: ["Authorization": "Bearer s3cret"])
                #expect(short.status == 401, "\(path)")
                let basic = try await Self.get(port, path, headers: ["Authorization": "Basic " + Self.token])
                #expect(basic.status == 401, "\(path)")
            }
            let right = try await Self.get(port, "/api/v1/sites", headers: ["Authorization": "Bearer " + Self.token])
            #expect(right.status == 200)
            // A browser gets a login form instead of the dashboard, then a cookie.
            let page = try await Self.get(port, "/")
            #expect(page.status == 401)
            #expect(page.text.contains("<form") && !page.text.contains("LISTS"))
            let badLogin = try await RawHTTP.send(
                port: port, method: "POST", path: "/login",
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("token=nope".utf8))
            #expect(badLogin.status == 401)
            #expect(badLogin.headers["set-cookie"] == nil)
            let login = try await RawHTTP.send(
                port: port, method: "POST", path: "/login",
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("token=\(Self.token)".utf8))
            #expect(login.status == 303)
            let cookie = try #require(login.headers["set-cookie"])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let pair = String(cookie.prefix { $0 != ";" })
            let dashboard = try await Self.get(port, "/", headers: ["Cookie": "other=1; " + pair])
            #expect(dashboard.status == 200)
            #expect(dashboard.text.contains("LISTS"))
        }
    }

    @Test func dashboardIsSelfContained() async throws {
        try await Self.withServer { port in
            let page = try await Self.get(port, "/")
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
            let html = page.text
            for external in ["<link", "src=", "@import", "url(", "https://"] {
                #expect(!html.contains(external), "the page refers to something outside it: \(external)")
            }
        }
    }

    @Test(arguments: [
        ("127.0.0.1:8787", true), ("127.8.9.10:1", true), ("localhost:8787", true), ("[::1]:8787", true),
        ("0.0.0.0:8787", false), ("192.168.1.10:80", false), ("[::]:8787", false), ("example.com:80", false),
    ])
    func loopbackAddresses(_ text: String, _ loopback: Bool) throws {
        #expect(try ListenAddress(parsing: text).isLoopback == loopback)
    }

    @Test(arguments: ["8787", "127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", ":8787", "::1:8787", "[::1]8787"])
    func badListenAddresses(_ text: String) {
        #expect(throws: ServeError.self) { try ListenAddress(parsing: text) }
    }

    /// Off loopback the server does not start without a token; a named
    /// variable that is unset or short is an error too.
    @Test func settingsRefuseAnOpenServer() throws {
        #expect(try ServeSettings.resolve(listen: "127.0.0.1:8787", tokenEnv: nil, environment: [:]).token == nil)
        do {
            _ = try ServeSettings.resolve(listen: "0.0.0.0:8787", tokenEnv: nil, environment: [:])
            Issue.record("started off loopback without a token")
        } catch let e as ServeError {
            #expect(e.detail.contains("refusing to listen on 0.0.0.0:8787 without an access token"))
        }
        #expect(throws: ServeError.self) {
            try ServeSettings.resolve(listen: "0.0.0.0:8787", tokenEnv: "TM_TOKEN", environment: [:])
        }
        #expect(throws: ServeError.self) {
            try ServeSettings.resolve(listen: "0.0.0.0:8787", tokenEnv: "TM_TOKEN", environment: ["TM_TOKEN": "short"])
        }
        let ok = try ServeSettings.resolve(listen: "0.0.0.0:8787", tokenEnv: "TM_TOKEN", environment: ["TM_TOKEN": Self.token])
        #expect(ok.token?.matches(Array(Self.token.utf8)) == true)
        #expect("\(ok.token.map { "\($0)" } ?? "")" == "<access token>")
    }

    @Test(arguments: [
        ("Bearer s3cret-token-0123456789", true), ("bearer s3cret-token-0123456789", true),
        ("Bearer s3cret-token-01234567890", false), ("Bearer s3cret-token-012345678", false),
        ("Bearer ", false), ("s3cret-token-0123456789", false), ("Bearer  s3cret-token-0123456789", false),
    ])
    func bearerHeaders(_ header: String, _ ok: Bool) throws {
        let token = try AccessToken(Self.token, variable: "T")
        #expect(token.matches(authorization: header) == ok)
    }

    @Test func siteCalendarUsesTheZone() {
        #expect(SiteCalendar.day(atSeconds: Self.noon, timeZone: "UTC") == FakeSource.day("2026-11-30"))
        #expect(SiteCalendar.day(atSeconds: Self.noon, timeZone: "Pacific/Auckland") == FakeSource.day("2026-12-01"))
        #expect(SiteCalendar.day(atSeconds: Self.noon - 13 * 3600, timeZone: "America/Los_Angeles") == FakeSource.day("2026-11-29"))
        #expect(SiteCalendar.day(atSeconds: Self.noon, timeZone: "Nowhere/Else") == nil)
    }

    /// The sites list and the error body match their schemas; broken ones do not.
    @Test func bodiesMatchTheirSchemas() async throws {
        let source = FakeSource()
        var entries: [SiteListJSON.Entry] = []
        for site in source.served {
            let days = DayRange(from: FakeSource.day("2026-11-24"), to: FakeSource.day("2026-11-30"))
            entries.append(.init(site: site, recent: try await source.dayStates(site: site, days: days)))
        }
        let sites = String(decoding: SiteListJSON.bytes(entries), as: UTF8.self)
        let ok = try await SchemaTests.validate(
            "api-sites.v1.schema.json",
            [
                "sites.json": sites, "none.json": "[]", "bad.json": #"[{"site": "A"}]"#,
                "bad-state.json": sites.replacingOccurrences(of: "\"missing\"", with: "\"gone\""),
                "no-recent.json": sites.replacingOccurrences(of: "\"recent_days\"", with: "\"recent\""),
            ])
        #expect(sites.contains("\"missing\"") && sites.contains("\"in_progress\""))
        #expect(ok["sites.json"] == [])
        #expect(ok["none.json"] == [])
        #expect(ok["bad.json"]?.isEmpty == false)
        #expect(ok["bad-state.json"]?.isEmpty == false)
        #expect(ok["no-recent.json"]?.isEmpty == false)
        let errors = try await SchemaTests.validate(
            "api-error.v1.schema.json",
            [
                "a.json": ServeError.badRequest("x \"quoted\"").json, "b.json": ServeError.unauthorized.json,
                "c.json": ServeError.rangeTooLong(days: 400, limit: 366).json, "bad.json": #"{"reason": "oops"}"#,
                "d.json": ServeError.zoneMismatch("built in UTC").json,
            ])
        #expect(errors["a.json"] == [] && errors["b.json"] == [] && errors["c.json"] == [] && errors["d.json"] == [])
        #expect(errors["bad.json"]?.isEmpty == false)
    }
}
