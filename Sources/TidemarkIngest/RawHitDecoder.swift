import TidemarkCore

/// Splits a request body into raw hits: one JSON object, a JSON array of
/// objects, or NDJSON (one object per line). Each item decodes on its own, so
/// one bad item never spoils the rest.
package enum RawHitDecoder {
    /// One result per item, in body order; blank NDJSON lines are skipped.
    package static func decodeBody(_ bytes: [UInt8]) -> [Result<RawHit, IngestError>] {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return decodeLines(bytes)
        }
        guard let first = bytes.first(where: { !isSpace($0) }) else {
            return [.failure(.invalidJSON("empty body"))]
        }
        let document = JSONValue.parse(bytes)
        if first == UInt8(ascii: "[") {
            guard case .array(let items) = document else {
                return [.failure(.invalidJSON("body starts with [ but is not a JSON array"))]
            }
            if items.isEmpty { return [.failure(.invalidJSON("empty array"))] }
            return items.map(hit(from:))
        }
        if case .object(let members) = document { return [.success(hit(members))] }
        return decodeLines(bytes)
    }

    /// Decodes one NDJSON line (without its newline).
    package static func decodeLine(_ bytes: some Collection<UInt8>) -> Result<RawHit, IngestError> {
        let line = Array(bytes)
        guard String(validating: line, as: UTF8.self) != nil else { return .failure(.invalidUTF8) }
        switch JSONValue.parse(line) {
        case .object(let members): return .success(hit(members))
        case .array: return .failure(.invalidJSON("item is not a JSON object"))
        default: return .failure(.invalidJSON("not a JSON value"))
        }
    }

    private static func hit(from item: JSONValue) -> Result<RawHit, IngestError> {
        guard case .object(let members) = item else { return .failure(.invalidJSON("item is not a JSON object")) }
        return .success(hit(members))
    }

    /// String members become fields (the last of a repeated key wins); null
    /// members are dropped; other members are noted by name.
    private static func hit(_ members: [(String, JSONValue)]) -> RawHit {
        var fields: [String: String] = [:]
        var other: Set<String> = []
        for (key, value) in members {
            switch value {
            case .string(let s):
                fields[key] = s
                other.remove(key)
            case .null:
                fields.removeValue(forKey: key)
                other.remove(key)
            default:
                fields.removeValue(forKey: key)
                other.insert(key)
            }
        }
        return RawHit(fields: fields, nonStringFields: other)
    }

    private static func decodeLines(_ bytes: [UInt8]) -> [Result<RawHit, IngestError>] {
        var out: [Result<RawHit, IngestError>] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if line.allSatisfy(isSpace) { continue }
            out.append(decodeLine(line))
        }
        return out.isEmpty ? [.failure(.invalidJSON("empty body"))] : out
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}
