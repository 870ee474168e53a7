/// Limits on what a hit may carry (SPEC §6); longer fields are rejected, not
/// cut. They apply to what is stored (path, `ref_host`, UTM values, name),
/// not to the URL and referrer those come from.
package struct HitLimits: Sendable, Hashable {
    /// Longest stored `path` and `ref_host`, and user agent, in UTF-8 bytes.
    package var maxFieldBytes: Int
    /// Longest custom event `name`, in UTF-8 bytes.
    package var maxNameBytes: Int
    /// Longest UTM value and other short fields, in UTF-8 bytes.
    package var maxShortFieldBytes: Int
    /// How far in the future an event time may be (24 h).
    package var maxFutureMillis: Int64
    /// How far in the past an event time may be (7 days).
    package var maxPastMillis: Int64

    package init(
        maxFieldBytes: Int = 2048, maxNameBytes: Int = 128, maxShortFieldBytes: Int = 256,
        maxFutureMillis: Int64 = 24 * 3_600_000, maxPastMillis: Int64 = 7 * 86_400_000
    ) {
        self.maxFieldBytes = maxFieldBytes
        self.maxNameBytes = maxNameBytes
        self.maxShortFieldBytes = maxShortFieldBytes
        self.maxFutureMillis = maxFutureMillis
        self.maxPastMillis = maxPastMillis
    }
}
