import TidemarkCore

/// Byte-level pieces of an event line. `EventEncoder.line` appends some 75
/// small strings per event (about 0.3 M lines/s); the generator instead
/// copies JSON fragments encoded once, with the same `JSONText` escaping and
/// field order, so its lines are byte for byte what `EventEncoder` writes.
enum SyntheticText {
    /// `"name":value,` with `value` quoted as `EventEncoder` quotes it
    /// (no trailing comma when `last`).
    static func field(_ name: String, _ value: String, last: Bool = false) -> [UInt8] {
        var out = "\"" + name + "\":"
        JSONText.appendString(value, to: &out)
        if !last { out += "," }
        return Array(out.utf8)
    }

    /// `YYYY-MM-DDT` of a day, the fixed start of every timestamp that day.
    static func dayPrefix(_ day: Int) -> [UInt8] {
        Array((Timestamp.formatDay(day) + "T").utf8)
    }

    /// Appends 16 lowercase hex digits.
    static func appendHex(_ value: UInt64, to out: inout [UInt8]) {
        var shift: UInt64 = 60
        for _ in 0..<16 {
            out.append(digit(value >> shift))
            shift &-= 4
        }
    }

    /// Writes 16 lowercase hex digits at `offset`.
    static func writeHex(_ value: UInt64, into b: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var v = value
        var i = offset + 15
        while i >= offset {
            b[i] = digit(v)
            v >>= 4
            i -= 1
        }
    }

    /// Writes `HH:MM:SS.mmm` (12 bytes) for a millisecond of the day at `offset`.
    static func writeTime(millisOfDay: Int, into b: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let ms = millisOfDay % 1000
        let s = millisOfDay / 1000
        func two(_ v: Int, _ at: Int) {
            b[offset + at] = UInt8(truncatingIfNeeded: 0x30 + v / 10)
            b[offset + at + 1] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
        }
        two(s / 3600, 0)
        b[offset + 2] = 0x3A
        two(s / 60 % 60, 3)
        b[offset + 5] = 0x3A
        two(s % 60, 6)
        b[offset + 8] = 0x2E
        b[offset + 9] = UInt8(truncatingIfNeeded: 0x30 + ms / 100)
        b[offset + 10] = UInt8(truncatingIfNeeded: 0x30 + ms / 10 % 10)
        b[offset + 11] = UInt8(truncatingIfNeeded: 0x30 + ms % 10)
    }

    private static func digit(_ v: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: v & 0xF)
        return nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }
}
