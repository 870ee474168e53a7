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
        let document = bytes.withUnsafeBytes { HitJSONReader.read($0) }
        if first == UInt8(ascii: "[") {
            guard case .array(let items) = document else {
                return [.failure(.invalidJSON("body starts with [ but is not a JSON array"))]
            }
            if items.isEmpty { return [.failure(.invalidJSON("empty array"))] }
            return items
        }
        if case .object(let hit) = document { return [.success(hit)] }
        return decodeLines(bytes)
    }

    /// Decodes one NDJSON line (without its newline).
    package static func decodeLine(_ bytes: some Collection<UInt8>) -> Result<RawHit, IngestError> {
        let line = Array(bytes)
        guard String(validating: line, as: UTF8.self) != nil else { return .failure(.invalidUTF8) }
        switch line.withUnsafeBytes({ HitJSONReader.read($0) }) {
        case .object(let hit): return .success(hit)
        case .array: return .failure(.invalidJSON("item is not a JSON object"))
        case nil: return .failure(.invalidJSON("not a JSON value"))
        }
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
