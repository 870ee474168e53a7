/// A strict JSON (RFC 8259) reader for hit bodies: objects become `RawHit`s
/// directly, string members as fields, other members noted by name. It
/// replaces `JSONSerialization`, which built a Foundation dictionary of
/// boxed values per hit and was a tenth of a batched request's CPU.
///
/// The bytes must already be valid UTF-8 (the callers check); escapes are
/// decoded here, and a `\u` escape that is not a valid scalar or surrogate
/// pair makes the document invalid.
struct HitJSONReader {
    /// What a whole document was.
    enum Document {
        /// A top-level object.
        case object(RawHit)
        /// A top-level array: each element a hit, or why it is not one.
        case array([Result<RawHit, IngestError>])
    }

    private let bytes: UnsafeRawBufferPointer
    private var pos = 0

    /// Deepest nesting accepted; deeper documents are invalid.
    static let maxDepth = 128

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The document in `bytes`, or nil when it is not one JSON object or
    /// array with nothing but white space around it.
    static func read(_ bytes: UnsafeRawBufferPointer) -> Document? {
        var reader = HitJSONReader(bytes)
        reader.skipSpace()
        guard reader.pos < bytes.count else { return nil }
        let document: Document?
        switch bytes[reader.pos] {
        case UInt8(ascii: "{"): document = reader.object(depth: 1).map(Document.object)
        case UInt8(ascii: "["): document = reader.hitArray().map(Document.array)
        default: document = nil
        }
        reader.skipSpace()
        guard reader.pos == bytes.count else { return nil }
        return document
    }

    private mutating func hitArray() -> [Result<RawHit, IngestError>]? {
        pos += 1
        var items: [Result<RawHit, IngestError>] = []
        skipSpace()
        if peek == UInt8(ascii: "]") {
            pos += 1
            return items
        }
        while true {
            skipSpace()
            if peek == UInt8(ascii: "{") {
                guard let hit = object(depth: 2) else { return nil }
                items.append(.success(hit))
            } else {
                guard skipValue(depth: 2) else { return nil }
                items.append(.failure(.invalidJSON("item is not a JSON object")))
            }
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                return items
            default: return nil
            }
        }
    }

    /// An object at `pos` as a hit: the last value of a repeated key wins.
    private mutating func object(depth: Int) -> RawHit? {
        pos += 1
        var fields: [String: String] = [:]
        var other: Set<String> = []
        skipSpace()
        if peek == UInt8(ascii: "}") {
            pos += 1
            return RawHit(fields: fields, nonStringFields: other)
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard peek == UInt8(ascii: ":") else { return nil }
            pos += 1
            skipSpace()
            switch peek {
            case UInt8(ascii: "\""):
                guard let value = string() else { return nil }
                fields[key] = value
                other.remove(key)
            case UInt8(ascii: "n"):
                guard literal("null") else { return nil }
                fields.removeValue(forKey: key)
                other.remove(key)
            default:
                guard skipValue(depth: depth + 1) else { return nil }
                fields.removeValue(forKey: key)
                other.insert(key)
            }
            skipSpace()
            switch peek {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                return RawHit(fields: fields, nonStringFields: other)
            default: return nil
            }
        }
    }

    /// Skips any value; false when it is not valid JSON.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maxDepth else { return false }
        skipSpace()
        switch peek {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = peek == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            pos += 1
            skipSpace()
            if peek == close {
                pos += 1
                return true
            }
            while true {
                skipSpace()
                if isObject {
                    guard peek == UInt8(ascii: "\""), string() != nil else { return false }
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return false }
                    pos += 1
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                guard peek == close else { return false }
                pos += 1
                return true
            }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() -> Bool {
        if peek == UInt8(ascii: "-") { pos += 1 }
        guard let first = digit() else { return false }
        if first != 0 { while digit() != nil {} }
        if peek == UInt8(ascii: ".") {
            pos += 1
            guard digit() != nil else { return false }
            while digit() != nil {}
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            pos += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
            guard digit() != nil else { return false }
            while digit() != nil {}
        }
        return true
    }

    private mutating func digit() -> UInt8? {
        guard let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
        pos += 1
        return c - UInt8(ascii: "0")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { return false }
        for i in 0..<n where bytes[pos + i] != word.utf8Start[i] { return false }
        pos += n
        return true
    }

    /// The string whose opening quote is at `pos`, escapes decoded.
    private mutating func string() -> String? {
        pos += 1
        let start = pos
        // Most strings have no escapes: one pass to find the end, no copy.
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            guard c >= 0x20 else { return nil }
            pos += 1
        }
        var out = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard pos + 1 < bytes.count else { return nil }
                let e = bytes[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                guard c >= 0x20 else { return nil }
                out.append(c)
                pos += 1
            }
        }
        return nil
    }

    /// The scalar of `XXXX` (after `\u`), joining a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if high >= 0xDC00 && high < 0xE000 { return nil }
        guard high >= 0xD800 && high < 0xDC00 else { return Unicode.Scalar(high) }
        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
            return nil
        }
        pos += 2
        guard let low = hex4(), low >= 0xDC00, low < 0xE000 else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hex4() -> UInt32? {
        guard pos + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    private mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { pos += 1 }
    }
}
