/// Checks of the forms SPEC §1 gives its fields.
package enum Validation {
    /// `count` lowercase hex digits.
    package static func isLowerHex(_ s: String, count: Int) -> Bool {
        var n = 0
        for c in s.utf8 {
            guard (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) else { return false }
            n += 1
        }
        return n == count
    }

    /// `[a-z0-9][a-z0-9.-]{0,252}`, on bytes.
    package static func isSiteID(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 1, b.count <= 253 else { return false }
        for (n, c) in b.enumerated() {
            let alnum = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            guard alnum || (n > 0 && (c == 0x2E || c == 0x2D)) else { return false }
        }
        return true
    }

    /// `[a-z0-9][a-z0-9.-]{0,252}`.
    package static func isSiteID(_ s: String) -> Bool {
        var n = 0
        for c in s.utf8 {
            let alnum = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            guard alnum || (n > 0 && (c == 0x2E || c == 0x2D)) else { return false }
            n += 1
        }
        return n >= 1 && n <= 253
    }
}
