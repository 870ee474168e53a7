/// A cursor over the bytes of one access-log line: space-separated words,
/// a `[bracketed]` time, `"quoted"` fields (returned still escaped).
struct LogLineScanner {
    private let line: UnsafeRawBufferPointer
    private var i = 0

    init(_ line: UnsafeRawBufferPointer) {
        self.line = line
        skipSpaces()
    }

    /// True when only spaces are left.
    var atEnd: Bool { i >= line.count }

    /// The next byte, or nil at the end.
    var peek: UInt8? { i < line.count ? line[i] : nil }

    /// The bytes up to the next space (empty at the end), then the spaces.
    mutating func word() -> [UInt8] {
        let start = i
        while i < line.count, line[i] != 0x20, line[i] != 0x09 { i += 1 }
        defer { skipSpaces() }
        return Array(line[start..<i])
    }

    /// The bytes between `[` and `]`, or nil when no bracket opens here.
    mutating func bracketed() -> [UInt8]? {
        guard peek == UInt8(ascii: "[") else { return nil }
        var j = i + 1
        while j < line.count, line[j] != UInt8(ascii: "]") { j += 1 }
        guard j < line.count else { return nil }
        defer {
            i = j + 1
            skipSpaces()
        }
        return Array(line[(i + 1)..<j])
    }

    /// The raw bytes between `"` and the closing unescaped `"`, or nil when
    /// no quoted field starts here or it never closes.
    mutating func quotedRaw() -> [UInt8]? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        var j = i + 1
        while j < line.count {
            let c = line[j]
            if c == UInt8(ascii: "\\"), j + 1 < line.count {
                j += 2
            } else if c == UInt8(ascii: "\"") {
                break
            } else {
                j += 1
            }
        }
        guard j < line.count else { return nil }
        defer {
            i = j + 1
            skipSpaces()
        }
        return Array(line[(i + 1)..<j])
    }

    private mutating func skipSpaces() {
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
    }
}

/// Undoes the escaping web servers apply inside quoted log fields: nginx's
/// `\xHH` (any byte), Apache's `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\v`,
/// `\f` and `\xHH`. An unknown escape is kept as written.
package enum LogEscapes {
    /// The bytes `field` stands for.
    package static func unescape(_ field: some Collection<UInt8>) -> [UInt8] {
        guard field.contains(0x5C) else { return Array(field) }
        let b = Array(field)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            guard c == 0x5C, i + 1 < b.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = b[i + 1]
            switch e {
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                if i + 3 < b.count, let h = PagePath.hexValue(b[i + 2]), let l = PagePath.hexValue(b[i + 3]) {
                    out.append(h << 4 | l)
                    i += 4
                    continue
                }
                out.append(c)
                i += 1
                continue
            case UInt8(ascii: "\""), 0x5C: out.append(e)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "f"): out.append(0x0C)
            default:
                out.append(c)
                out.append(e)
            }
            i += 2
        }
        return out
    }
}
