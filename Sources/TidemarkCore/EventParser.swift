/// What one NDJSON line turned out to be.
package enum ParsedLine: Sendable {
    /// Only white space: ignored, not counted.
    case blank
    /// A valid schema-v1 event.
    case event(Event)
    /// Not a valid schema-v1 event, with the reason.
    case invalid(EventFormatError)
}

/// A hand-written scanner for one schema-v1 event line.
///
/// JSONDecoder parses ~0.19 M lines/s here and this scanner ~1.9 M (FIELD-NOTES);
/// reports read millions of lines, so the hot path works on bytes. It accepts
/// any JSON object, keeps only the schema fields, and skips unknown values of
/// any type.
package enum EventParser {
    /// Parses and validates one line (without its newline).
    package static func parse(_ line: UnsafeRawBufferPointer) -> ParsedLine {
        switch scan(line) {
        case .blank: return .blank
        case .invalid(let error): return .invalid(error)
        case .line(let view):
            do throws(EventFormatError) {
                return .event(try view.event())
            } catch {
                return .invalid(error)
            }
        }
    }

    /// Convenience for tests and small inputs.
    package static func parse(_ line: String) -> ParsedLine {
        var copy = line
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Checks one line's structure and every field except the text ones'
    /// escapes and UTF-8, without making a `String`: the report hot path
    /// reads text fields as bytes straight from the line (see `EventLine`).
    package static func scan(_ line: UnsafeRawBufferPointer) -> ScannedLine {
        // Field positions are kept in 32 bits.
        guard line.count < Int(UInt32.max) else {
            return .invalid(EventFormatError(field: "", reason: "line longer than 4 GiB"))
        }
        var scanner = Scanner(bytes: line)
        scanner.skipSpace()
        if scanner.atEnd { return .blank }
        var fields = RawFields()
        do throws(EventFormatError) {
            try scanner.parseObject(&fields)
            scanner.skipSpace()
            guard scanner.atEnd else { throw EventFormatError(field: "", reason: "trailing bytes after the JSON object") }
            return .line(try validate(fields, scanner))
        } catch {
            return .invalid(error)
        }
    }

    private static func validate(_ f: RawFields, _ scanner: Scanner) throws(EventFormatError) -> EventLine {
        let b = scanner.bytes
        func need(_ field: Field) throws(EventFormatError) -> StringRange {
            guard let r = f[field] else { throw EventFormatError(field: field.name, reason: "missing or not a string") }
            return r
        }
        func plain(_ field: Field) throws(EventFormatError) -> UnsafeRawBufferPointer? {
            let r = try need(field)
            return r.hasEscape ? nil : UnsafeRawBufferPointer(rebasing: b[r.raw])
        }

        guard let id = try plain(.id), let idValue = LowerHex.parse(id, digits: 32) else {
            throw EventFormatError(field: "id", reason: "not 32 lowercase hex digits")
        }
        guard let ts = try plain(.ts), let millis = Timestamp.parseMillis(ts) else {
            throw EventFormatError(field: "ts", reason: "not a real YYYY-MM-DDTHH:MM:SS.mmmZ time")
        }
        guard let site = try plain(.site), Validation.isSiteID(site) else {
            throw EventFormatError(field: "site", reason: "not a site id ([a-z0-9][a-z0-9.-]{0,252})")
        }
        let type: EventKind
        switch try plain(.type) {
        case let t? where Self.equals(t, "pageview"): type = .pageview
        case let t? where Self.equals(t, "event"): type = .event
        default: throw EventFormatError(field: "type", reason: "not pageview or event")
        }
        let pathRange = try need(.path)
        guard pathRange.raw.count > 0, b[pathRange.raw.lowerBound] == 0x2F else {
            throw EventFormatError(field: "path", reason: "does not start with /")
        }
        guard let visitor = try plain(.visitor), let visitorValue = LowerHex.parse(visitor, digits: 16) else {
            throw EventFormatError(field: "visitor", reason: "not 16 lowercase hex digits")
        }
        let device: Device
        switch try plain(.device) {
        case let d? where Self.equals(d, "desktop"): device = .desktop
        case let d? where Self.equals(d, "mobile"): device = .mobile
        case let d? where Self.equals(d, "tablet"): device = .tablet
        case let d? where Self.equals(d, "bot"): device = .bot
        default: throw EventFormatError(field: "device", reason: "not desktop, mobile, tablet or bot")
        }
        // Text fields are required too; their escapes and UTF-8 are checked
        // when they are read.
        _ = try need(.name)
        _ = try need(.refHost)
        _ = try need(.utmSource)
        _ = try need(.utmMedium)
        _ = try need(.utmCampaign)
        _ = try need(.country)
        _ = try need(.browser)
        _ = try need(.os)
        return EventLine(
            scanner: scanner, fields: f, idValue: (high: idValue.0, low: idValue.1), visitorValue: visitorValue.1, epochMillis: millis, type: type,
            device: device)
    }

    private static func equals(_ b: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        b.count == word.utf8CodeUnitCount
            && memoryEqual(b, UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    /// The schema-v1 fields, in SPEC order.
    enum Field: Int, CaseIterable {
        case id, ts, site, type, name, path, refHost, utmSource, utmMedium, utmCampaign, visitor, country, browser, os,
            device

        var name: String {
            switch self {
            case .refHost: "ref_host"
            case .utmSource: "utm_source"
            case .utmMedium: "utm_medium"
            case .utmCampaign: "utm_campaign"
            default: "\(self)"
            }
        }

        /// The key in quotes with its colon, as Tidemark writes it.
        var quotedKey: StaticString {
            switch self {
            case .id: "\"id\":"
            case .ts: "\"ts\":"
            case .site: "\"site\":"
            case .type: "\"type\":"
            case .name: "\"name\":"
            case .path: "\"path\":"
            case .refHost: "\"ref_host\":"
            case .utmSource: "\"utm_source\":"
            case .utmMedium: "\"utm_medium\":"
            case .utmCampaign: "\"utm_campaign\":"
            case .visitor: "\"visitor\":"
            case .country: "\"country\":"
            case .browser: "\"browser\":"
            case .os: "\"os\":"
            case .device: "\"device\":"
            }
        }

        /// The field a key names, by length then bytes: no allocation.
        static func match(_ key: UnsafeRawBufferPointer) -> Field? {
            func is_(_ word: StaticString) -> Bool {
                memoryEqual(key, UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
            }
            switch key.count {
            case 2: return is_("id") ? .id : is_("ts") ? .ts : is_("os") ? .os : nil
            case 4: return is_("site") ? .site : is_("type") ? .type : is_("name") ? .name : is_("path") ? .path : nil
            case 6: return is_("device") ? .device : nil
            case 7: return is_("visitor") ? .visitor : is_("country") ? .country : is_("browser") ? .browser : nil
            case 8: return is_("ref_host") ? .refHost : nil
            case 10: return is_("utm_source") ? .utmSource : is_("utm_medium") ? .utmMedium : nil
            case 12: return is_("utm_campaign") ? .utmCampaign : nil
            default: return nil
            }
        }
    }
}

/// Where each schema field's string value lies in the line (nil: absent or
/// not a string). A fixed-size value, so a parse allocates nothing for it;
/// packed into 128 bytes because it is copied into every `EventLine`.
struct RawFields {
    /// Per field, `start << 32 | end` of the bytes between the quotes.
    private var bounds: (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64
    ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Bit per field: present, has escapes, has non-ASCII bytes.
    private var present: UInt16 = 0
    private var escaped: UInt16 = 0
    private var nonASCII: UInt16 = 0

    subscript(_ field: EventParser.Field) -> StringRange? {
        @inline(__always) get {
            let bit = UInt16(1) << UInt16(field.rawValue)
            guard present & bit != 0 else { return nil }
            let b = bound(field)
            return StringRange(
                raw: Int(b >> 32)..<Int(b & 0xFFFF_FFFF), hasEscape: escaped & bit != 0, isASCII: nonASCII & bit == 0)
        }
        @inline(__always) set {
            let bit = UInt16(1) << UInt16(field.rawValue)
            guard let r = newValue else {
                present &= ~bit
                return
            }
            present |= bit
            if r.hasEscape { escaped |= bit } else { escaped &= ~bit }
            if r.isASCII { nonASCII &= ~bit } else { nonASCII |= bit }
            setBound(field, UInt64(r.raw.lowerBound) << 32 | UInt64(r.raw.upperBound))
        }
    }

    @inline(__always)
    private func bound(_ field: EventParser.Field) -> UInt64 {
        switch field {
        case .id: bounds.0
        case .ts: bounds.1
        case .site: bounds.2
        case .type: bounds.3
        case .name: bounds.4
        case .path: bounds.5
        case .refHost: bounds.6
        case .utmSource: bounds.7
        case .utmMedium: bounds.8
        case .utmCampaign: bounds.9
        case .visitor: bounds.10
        case .country: bounds.11
        case .browser: bounds.12
        case .os: bounds.13
        case .device: bounds.14
        }
    }

    @inline(__always)
    private mutating func setBound(_ field: EventParser.Field, _ v: UInt64) {
        switch field {
        case .id: bounds.0 = v
        case .ts: bounds.1 = v
        case .site: bounds.2 = v
        case .type: bounds.3 = v
        case .name: bounds.4 = v
        case .path: bounds.5 = v
        case .refHost: bounds.6 = v
        case .utmSource: bounds.7 = v
        case .utmMedium: bounds.8 = v
        case .utmCampaign: bounds.9 = v
        case .visitor: bounds.10 = v
        case .country: bounds.11 = v
        case .browser: bounds.12 = v
        case .os: bounds.13 = v
        case .device: bounds.14 = v
        }
    }
}

/// The bytes between a string's quotes, and what decoding them needs.
struct StringRange {
    var raw: Range<Int>
    var hasEscape: Bool
    var isASCII: Bool
}

func memoryEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}

/// Cursor over the bytes of one JSON object.
struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var pos = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { pos >= bytes.count }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    func fail(_ reason: String) -> EventFormatError {
        EventFormatError(field: "", reason: "invalid JSON at byte \(pos + 1): \(reason)")
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(EventFormatError) {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == byte else { throw fail("expected \(what)") }
        pos += 1
    }

    /// Records where each schema field's string value lies; a field whose
    /// value is not a string is recorded as absent.
    mutating func parseObject(_ fields: inout RawFields) throws(EventFormatError) {
        try expect(0x7B, "{")
        skipSpace()
        if pos < bytes.count, bytes[pos] == 0x7D {
            pos += 1
            return
        }
        // Tidemark writes the schema fields in SPEC order with no spaces, so
        // the next key is tried as a literal `"name":` before scanning it.
        var expected = 0
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == 0x22 else { throw fail("expected a key") }
            let field: EventParser.Field?
            if let next = EventParser.Field(rawValue: expected), case let key = next.quotedKey, startsWith(key) {
                field = next
                pos += key.utf8CodeUnitCount
            } else {
                let keyRange = try scanString()
                field = EventParser.Field.match(UnsafeRawBufferPointer(rebasing: bytes[keyRange.raw]))
                try expect(0x3A, ":")
            }
            expected += 1
            skipSpace()
            guard pos < bytes.count else { throw fail("expected a value") }
            if bytes[pos] == 0x22 {
                let range = try scanString()
                if let field { fields[field] = range }
            } else {
                try skipValue(depth: 0)
                if let field { fields[field] = nil }
            }
            skipSpace()
            guard pos < bytes.count else { throw fail("unterminated object") }
            if bytes[pos] == 0x2C {
                pos += 1
                continue
            }
            if bytes[pos] == 0x7D {
                pos += 1
                return
            }
            throw fail("expected , or }")
        }
    }

    /// Whether the bytes at `pos` are `word` (4 to 16 bytes), compared as
    /// two overlapping words.
    @inline(__always)
    func startsWith(_ word: StaticString) -> Bool {
        let k = word.utf8CodeUnitCount
        guard pos + k <= bytes.count, let base = bytes.baseAddress else { return false }
        let w = UnsafeRawPointer(word.utf8Start)
        let at = base + pos
        if k >= 8 {
            return at.loadUnaligned(as: UInt64.self) == w.loadUnaligned(as: UInt64.self)
                && at.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)
                    == w.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)
        }
        return at.loadUnaligned(as: UInt32.self) == w.loadUnaligned(as: UInt32.self)
            && at.loadUnaligned(fromByteOffset: k - 4, as: UInt32.self)
                == w.loadUnaligned(fromByteOffset: k - 4, as: UInt32.self)
    }

    /// Scans a string starting at its opening quote; returns the bytes between
    /// the quotes.
    mutating func scanString() throws(EventFormatError) -> StringRange {
        pos += 1
        let start = pos
        var escaped = false
        var ascii = true
        let n = bytes.count
        if let base = bytes.baseAddress {
            // Eight bytes at a time while none is a quote, a backslash or a
            // control character: most of a line is plain string bytes.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while pos + 8 <= n {
                let w = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
                let quote = w ^ (ones &* 0x22)
                let slash = w ^ (ones &* 0x5C)
                let special = ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | ((w &- ones &* 0x20) & ~w)
                if special & highs != 0 { break }
                if w & highs != 0 { ascii = false }
                pos += 8
            }
        }
        while pos < n {
            let c = bytes[pos]
            if c == 0x22 {
                let r = StringRange(raw: start..<pos, hasEscape: escaped, isASCII: ascii)
                pos += 1
                return r
            }
            if c == 0x5C {
                escaped = true
                pos += 2
                continue
            }
            if c < 0x20 { throw fail("control character in string") }
            if c >= 0x80 { ascii = false }
            pos += 1
        }
        throw fail("unterminated string")
    }

    func decode(_ r: StringRange) throws(EventFormatError) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[r.raw])
        if !r.hasEscape {
            if r.isASCII { return String(decoding: raw, as: UTF8.self) }
            guard let s = String(validating: raw, as: UTF8.self) else { throw fail("invalid UTF-8") }
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let c = raw[i]
            guard c == 0x5C else {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < raw.count else { throw fail("bad escape") }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4(raw, at: i)
                i += 4
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard i + 6 <= raw.count, raw[i] == 0x5C, raw[i + 1] == 0x75 else {
                        throw fail("lone surrogate")
                    }
                    let low = try hex4(raw, at: i + 2)
                    guard low >= 0xDC00, low < 0xE000 else { throw fail("lone surrogate") }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00, scalar < 0xE000 {
                    throw fail("lone surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw fail("bad escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return s
    }

    func hex4(_ raw: UnsafeRawBufferPointer, at i: Int) throws(EventFormatError) -> UInt32 {
        guard i + 4 <= raw.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for j in i..<(i + 4) {
            let c = raw[j]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | d
        }
        return v
    }

    /// Skips a non-string value: number, literal, object or array.
    mutating func skipValue(depth: Int) throws(EventFormatError) {
        guard depth < 64 else { throw fail("nesting too deep") }
        skipSpace()
        guard pos < bytes.count else { throw fail("expected a value") }
        switch bytes[pos] {
        case 0x22:
            _ = try scanString()
        case 0x7B, 0x5B:
            let close: UInt8 = bytes[pos] == 0x7B ? 0x7D : 0x5D
            pos += 1
            skipSpace()
            if pos < bytes.count, bytes[pos] == close {
                pos += 1
                return
            }
            while true {
                if close == 0x7D {
                    skipSpace()
                    guard pos < bytes.count, bytes[pos] == 0x22 else { throw fail("expected a key") }
                    _ = try scanString()
                    try expect(0x3A, ":")
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                guard pos < bytes.count else { throw fail("unterminated value") }
                if bytes[pos] == 0x2C {
                    pos += 1
                    continue
                }
                if bytes[pos] == close {
                    pos += 1
                    return
                }
                throw fail("expected , or closing bracket")
            }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        case 0x2D, 0x30...0x39:
            let start = pos
            while pos < bytes.count {
                switch bytes[pos] {
                case 0x30...0x39, 0x2D, 0x2B, 0x2E, 0x65, 0x45: pos += 1
                default:
                    guard pos > start else { throw fail("bad number") }
                    return
                }
            }
        default:
            throw fail("unexpected byte")
        }
    }

    mutating func literal(_ word: StaticString) throws(EventFormatError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw fail("bad literal") }
        let w = UnsafeRawBufferPointer(start: word.utf8Start, count: n)
        guard memoryEqual(w, UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)])) else {
            throw fail("bad literal")
        }
        pos += n
    }
}
