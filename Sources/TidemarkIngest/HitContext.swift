/// What the transport knows about a hit: who sent it and when it arrived.
/// The IP is used only to compute the visitor id and is never stored.
package struct HitContext: Sendable {
    /// Client IP in the canonical text of SPEC §1.1 (dotted quad, RFC 5952),
    /// whatever spelling it was given in; text that is no address is kept as
    /// given, and empty means unknown.
    package private(set) var ip: String
    /// The `User-Agent` header, or empty.
    package var userAgent: String
    /// The edge's country header value, or empty.
    package var country: String
    /// Receive time, epoch milliseconds; the event time when the hit has no `ts`.
    package var receivedMillis: Int64
    /// False when the source has no place for a user agent (Common Log
    /// Format): an empty one is then no evidence of a bot.
    package var carriesUserAgent = true

    package init(ip: String, userAgent: String, country: String, receivedMillis: Int64) {
        // Canonical here, so no path into the visitor hash can skip it.
        self.ip = IPText.canonicalOrSelf(ip)
        self.userAgent = userAgent
        self.country = country
        self.receivedMillis = receivedMillis
    }
}
