/// An event id (32 hex digits) in its 16-byte binary form, for the dedupe set.
struct EventID: Hashable {
    var high: UInt64
    var low: UInt64

    static func == (a: EventID, b: EventID) -> Bool { a.high == b.high && a.low == b.low }

    // Ids are random, so one mixed word is as good a hash input as both and
    // halves the hashing work on the hot path.
    func hash(into hasher: inout Hasher) { hasher.combine(high ^ (low &* 0x9E37_79B9_7F4A_7C15)) }

    /// Parses 32 lowercase hex digits; nil for anything else.
    @inline(__always)
    init?(hex: String) {
        guard let v = Hex.parse(hex, digits: 32) else { return nil }
        high = v.0
        low = v.1
    }
}

/// Lowercase hex decoding for ids and visitor ids.
enum Hex {
    /// The value of 16 (in `.1`) or 32 digits (`.0` high, `.1` low) of lowercase hex.
    @inline(__always)
    static func parse(_ s: String, digits: Int) -> (UInt64, UInt64)? {
        let fast = s.utf8.withContiguousStorageIfAvailable { parse(UnsafeRawBufferPointer($0), digits: digits) }
        if let fast { return fast }
        return Array(s.utf8).withUnsafeBytes { parse($0, digits: digits) }
    }

    /// 16 lowercase hex digits as a number.
    @inline(__always)
    static func parse64(_ s: String) -> UInt64? { parse(s, digits: 16)?.1 }

    private static func parse(_ b: UnsafeRawBufferPointer, digits: Int) -> (UInt64, UInt64)? {
        guard b.count == digits else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<digits {
            let c = b[i]
            let d: UInt8
            if c >= 0x30 && c <= 0x39 {
                d = c &- 0x30
            } else if c >= 0x61 && c <= 0x66 {
                d = c &- 0x57
            } else {
                return nil
            }
            high = high << 4 | low >> 60
            low = low << 4 | UInt64(d)
        }
        return (high, low)
    }
}
