/// The `path` normal form of SPEC §1, so one page is one value however it
/// was spelled: every run of `%XX` escapes (and raw non-ASCII bytes) that
/// spells UTF-8 characters is decoded, except ASCII controls, space, `%` and
/// RFC 3986's reserved characters (`:/?#[]@!$&'()*+,;=`); what stays encoded
/// is `%XX` with uppercase hex.
///
/// Decisions the SPEC leaves open, made here: bytes that are not valid UTF-8
/// (`%FF`, a lone `%C3`, a raw `0xFF` from a log's `\xFF`) stay, or become,
/// `%XX` escapes; a raw space or control byte becomes its `%XX` escape (so
/// `/a b` and `/a%20b` are one page); a `%` that does not start an escape
/// becomes `%25`.
package enum PagePath {
    /// The normal form of `path` (no query or fragment). Returns `path`
    /// itself, without allocating, when it has nothing to change.
    package static func normalized(_ path: Substring) -> String {
        var needsWork = false
        for b in path.utf8 where b == 0x25 || b <= 0x20 || b >= 0x7F {
            needsWork = true
            break
        }
        guard needsWork else { return String(path) }
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count + 8)
        normalize(Array(path.utf8), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the normal form of `bytes` to `out`.
    package static func normalize(_ bytes: [UInt8], into out: inout [UInt8]) {
        var run: [UInt8] = []
        var i = 0
        let end = bytes.count
        while i < end {
            let b = bytes[i]
            if b >= 0x80 || (b == 0x25 && escape(bytes, at: i) != nil) {
                run.removeAll(keepingCapacity: true)
                while i < end {
                    if bytes[i] >= 0x80 {
                        run.append(bytes[i])
                        i += 1
                    } else if bytes[i] == 0x25, let v = escape(bytes, at: i) {
                        run.append(v)
                        i += 3
                    } else {
                        break
                    }
                }
                emit(run, into: &out)
            } else {
                // Raw reserved characters keep their meaning; only these need escaping raw.
                if b == 0x25 || b <= 0x20 || b == 0x7F {
                    appendEscape(b, to: &out)
                } else {
                    out.append(b)
                }
                i += 1
            }
        }
    }

    /// Writes a run of decoded bytes: valid UTF-8 characters as themselves
    /// (ASCII ones only when they need no escape), everything else as `%XX`.
    private static func emit(_ run: [UInt8], into out: inout [UInt8]) {
        var j = 0
        while j < run.count {
            let c = run[j]
            if c < 0x80 {
                if isKeptEncoded(c) { appendEscape(c, to: &out) } else { out.append(c) }
                j += 1
            } else if let n = sequenceLength(run, at: j) {
                out.append(contentsOf: run[j..<(j + n)])
                j += n
            } else {
                appendEscape(c, to: &out)
                j += 1
            }
        }
    }

    /// Length of the valid UTF-8 sequence starting at `i` (RFC 3629: no
    /// overlong forms, no surrogates, nothing past U+10FFFF), or nil.
    private static func sequenceLength(_ b: [UInt8], at i: Int) -> Int? {
        let lead = b[i]
        let n: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; high = 0x9F
        case 0xF0: n = 4; low = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; high = 0x8F
        default: return nil
        }
        guard i + n <= b.count, b[i + 1] >= low, b[i + 1] <= high else { return nil }
        for k in 2..<max(n, 2) where b[i + k] < 0x80 || b[i + k] > 0xBF { return nil }
        return n
    }

    /// ASCII bytes that stay (or become) `%XX`: controls, space, `%`, DEL
    /// and RFC 3986's reserved characters.
    private static func isKeptEncoded(_ c: UInt8) -> Bool {
        switch c {
        case 0x00...0x20, 0x7F, 0x25: true
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            true
        default: false
        }
    }

    /// The byte a `%XX` at `i` stands for, or nil when none starts there.
    private static func escape(_ b: [UInt8], at i: Int) -> UInt8? {
        guard i + 2 < b.count, let h = hexValue(b[i + 1]), let l = hexValue(b[i + 2]) else { return nil }
        return h << 4 | l
    }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func appendEscape(_ c: UInt8, to out: inout [UInt8]) {
        out.append(0x25)
        out.append(upperHex[Int(c >> 4)])
        out.append(upperHex[Int(c & 0x0F)])
    }

    /// The value of one hex digit (either case), or nil.
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
