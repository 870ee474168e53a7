import TidemarkCore

/// An event id (32 hex digits) in its 16-byte binary form, for the dedupe set.
struct EventID: Equatable {
    /// The first 16 hex digits as a number.
    var high: UInt64
    /// The last 16 hex digits as a number.
    var low: UInt64

    /// The id whose first 16 digits are `high` and last 16 are `low`.
    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 lowercase hex digits; nil for anything else.
    @inline(__always)
    init?(hex: String) {
        guard let v = LowerHex.parse(hex, digits: 32) else { return nil }
        high = v.0
        low = v.1
    }
}
