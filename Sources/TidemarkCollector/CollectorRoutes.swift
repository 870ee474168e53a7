import Foundation
import Hummingbird
import TidemarkIngest

/// The HTTP surface: `POST /api/event`, `GET /p.gif`, `GET /healthz`,
/// `GET /metrics`. Errors become a status and a JSON reason here and nowhere else.
package struct CollectorRoutes: Sendable {
    /// Decoding, enrichment and the journal.
    package let intake: HitIntake
    /// Counters for `/metrics`.
    package let metrics: CollectorMetrics
    /// The journal, for its counters.
    package let journal: Journal
    /// Client address from the socket or a trusted proxy.
    package let addresses: ClientAddressResolver
    /// Lowercased name of the edge's country header, if configured.
    package let countryHeader: String?
    /// Largest body taken.
    package let maxBodyBytes: Int

    /// A 1×1 transparent GIF.
    static let gif: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF,
        0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    /// The router with every route.
    package func router() -> Router<CollectorRequestContext> {
        let router = Router(context: CollectorRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.post("/api/event") { request, context in await event(request, context) }
        router.on("/api/event", method: .options) { _, _ in
            var headers = Self.cors
            headers[.accessControlAllowMethods] = "POST, OPTIONS"
            headers[.accessControlAllowHeaders] = "Content-Type"
            headers[.accessControlMaxAge] = "86400"
            return Response(status: .noContent, headers: headers)
        }
        router.get("/p.gif") { request, context in await pixel(request, context) }
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/metrics") { _, _ in
            let text = metrics.render(journal: journal.snapshot())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    private static let cors: HTTPFields = [.accessControlAllowOrigin: "*"]

    private func event(_ request: Request, _ context: CollectorRequestContext) async -> Response {
        var request = request
        let answer: HitIntake.Answer
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            answer = intake.tooLarge(limit: maxBodyBytes)
        } else if let buffer = try? await request.collectBody(upTo: maxBodyBytes) {
            answer = await intake.take(body: Array(buffer.readableBytesView), context: hitContext(request, context))
        } else {
            answer = intake.tooLarge(limit: maxBodyBytes)
        }
        var headers = Self.cors
        headers[.contentType] = "application/json"
        if let retry = answer.retryAfter { headers[.retryAfter] = String(retry) }
        return Response(
            status: .init(code: answer.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: answer.json + "\n")))
    }

    private func pixel(_ request: Request, _ context: CollectorRequestContext) async -> Response {
        var fields = QueryString.parse(request.uri.query ?? "")
        // An <img> on the page is fetched with the page as its Referer.
        if fields["url"] == nil, let page = request.headers[.referer] { fields["url"] = page }
        let answer = await intake.take(query: fields, context: hitContext(request, context))
        var headers: HTTPFields = [.contentType: "image/gif", .cacheControl: "no-store"]
        if let retry = answer.retryAfter { headers[.retryAfter] = String(retry) }
        return Response(
            status: .init(code: answer.status == 202 ? 200 : answer.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: Self.gif)))
    }

    private func hitContext(_ request: Request, _ context: CollectorRequestContext) -> HitContext {
        var forwarded: [String] = []
        var country = ""
        for field in request.headers {
            let name = field.name.canonicalName
            if name == "x-forwarded-for" { forwarded.append(field.value) }
            if let countryHeader, name == countryHeader { country = field.value }
        }
        return HitContext(
            ip: addresses.resolve(peer: context.peerAddress, forwardedFor: forwarded),
            userAgent: request.headers[.userAgent] ?? "", country: country,
            receivedMillis: Int64(Date().timeIntervalSince1970 * 1000))
    }
}
