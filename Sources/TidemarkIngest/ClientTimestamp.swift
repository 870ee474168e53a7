import TidemarkCore

/// Client-supplied event times: RFC 3339 with `Z` or an offset and 0–9
/// fraction digits, normalised to epoch milliseconds (the fraction is cut
/// to milliseconds, not rounded).
package enum ClientTimestamp {
    /// Epoch milliseconds of `text`, or nil when it is not RFC 3339.
    package static func parseMillis(_ text: String) -> Int64? {
        if let exact = Timestamp.parseMillis(text) { return exact }
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74, b[13] == 0x3A,
            b[16] == 0x3A
        else { return nil }
        var i = 19
        var millis = 0
        if b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, let d = digit(b[i]) {
                if digits < 3 { millis = millis * 10 + d }
                digits += 1
                i += 1
            }
            guard digits >= 1 else { return nil }
            var padded = digits
            while padded < 3 {
                millis *= 10
                padded += 1
            }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D, i + 6 == b.count, b[i + 3] == 0x3A,
            let h1 = digit(b[i + 1]), let h2 = digit(b[i + 2]), let m1 = digit(b[i + 4]), let m2 = digit(b[i + 5])
        {
            let hours = h1 * 10 + h2
            let minutes = m1 * 10 + m2
            guard hours <= 23, minutes <= 59 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (b[i] == 0x2B ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let base = String(decoding: b[0..<19], as: UTF8.self) + ".000Z"
        guard let seconds = Timestamp.parseMillis(base) else { return nil }
        return seconds + Int64(millis) - Int64(offsetSeconds) * 1000
    }

    private static func digit(_ c: UInt8) -> Int? {
        c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
    }
}
