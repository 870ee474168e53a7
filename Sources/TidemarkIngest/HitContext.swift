/// What the transport knows about a hit: who sent it and when it arrived.
/// The IP is used only to compute the visitor id and is never stored.
package struct HitContext: Sendable {
    /// Client IP as text (dotted quad or RFC 5952), or empty when unknown.
    package var ip: String
    /// The `User-Agent` header, or empty.
    package var userAgent: String
    /// The edge's country header value, or empty.
    package var country: String
    /// Receive time, epoch milliseconds; the event time when the hit has no `ts`.
    package var receivedMillis: Int64

    package init(ip: String, userAgent: String, country: String, receivedMillis: Int64) {
        self.ip = ip
        self.userAgent = userAgent
        self.country = country
        self.receivedMillis = receivedMillis
    }
}
