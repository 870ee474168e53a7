/// Lowercase hex decoding for ids and visitor ids.
package enum LowerHex {
    /// The value of 16 (in `.1`) or 32 digits (`.0` high, `.1` low) of lowercase hex.
    @inline(__always)
    package static func parse(_ s: String, digits: Int) -> (UInt64, UInt64)? {
        let fast = s.utf8.withContiguousStorageIfAvailable { parse(UnsafeRawBufferPointer($0), digits: digits) }
        if let fast { return fast }
        return Array(s.utf8).withUnsafeBytes { parse($0, digits: digits) }
    }

    /// 16 lowercase hex digits as a number.
    @inline(__always)
    package static func parse64(_ s: String) -> UInt64? { parse(s, digits: 16)?.1 }

    @inline(__always)
    package static func parse(_ b: UnsafeRawBufferPointer, digits: Int) -> (UInt64, UInt64)? {
        guard b.count == digits, digits == 16 || digits == 32 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var ok = true
        func word(_ k: Int) -> UInt64 {
            let (value, valid) = parse8(UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)))
            ok = ok && valid
            return value
        }
        words.0 = word(0)
        words.1 = word(1)
        if digits == 32 {
            words.2 = word(2)
            words.3 = word(3)
        }
        guard ok else { return nil }
        return digits == 16 ? (0, words.0 << 32 | words.1) : (words.0 << 32 | words.1, words.2 << 32 | words.3)
    }

    // Eight hex digits at once, without branches: random hex mixes digits
    // and letters, so a per-byte branch mispredicts on about every third
    // byte, which cost more than the rest of the event's work.
    // `x` holds the digits in memory order (first digit in the low byte).
    @inline(__always)
    private static func parse8(_ x: UInt64) -> (UInt64, Bool) {
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Digit: (b ^ 0x30) < 10. Letter: 1 <= (b ^ 0x60) <= 6. Both tests are
        // borrow-free byte-wise subtractions once the high bit is forced on.
        let d = (x ^ (0x30 &* ones)) | high
        let isDigit = ~(d &- 0x0A &* ones) & high
        let f = (x ^ (0x60 &* ones)) | high
        let isLetter = (f &- ones) & ~(f &- 0x07 &* ones) & high
        let valid = x & high == 0 && (isDigit | isLetter) == high
        // Nibble: low four bits, plus 9 for letters (bit 6 set).
        let v = (x & (0x0F &* ones)) &+ 9 &* ((x >> 6) & ones)
        // Pack eight nibbles (first digit most significant) into 32 bits.
        let v16 = ((v & 0x000F_000F_000F_000F) << 4) | ((v >> 8) & 0x000F_000F_000F_000F)
        let v32 = ((v16 & 0x0000_00FF_0000_00FF) << 8) | ((v16 >> 16) & 0x0000_00FF_0000_00FF)
        let v64 = ((v32 & 0xFFFF) << 16) | ((v32 >> 32) & 0xFFFF)
        return (v64, valid)
    }
}
