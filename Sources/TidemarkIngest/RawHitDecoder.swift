import Foundation

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
        if first == UInt8(ascii: "[") {
            guard let array = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) as? [Any] else {
                return [.failure(.invalidJSON("body starts with [ but is not a JSON array"))]
            }
            if array.isEmpty { return [.failure(.invalidJSON("empty array"))] }
            return array.map(hit(from:))
        }
        if let whole = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) {
            return [hit(from: whole)]
        }
        return decodeLines(bytes)
    }

    /// Decodes one NDJSON line (without its newline).
    package static func decodeLine(_ bytes: some Collection<UInt8>) -> Result<RawHit, IngestError> {
        let data = Data(bytes)
        guard String(validating: data, as: UTF8.self) != nil else { return .failure(.invalidUTF8) }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: []) else {
            return .failure(.invalidJSON("not a JSON value"))
        }
        return hit(from: object)
    }

    private static func decodeLines(_ bytes: [UInt8]) -> [Result<RawHit, IngestError>] {
        var out: [Result<RawHit, IngestError>] = []
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if line.allSatisfy(isSpace) { continue }
            out.append(decodeLine(line))
        }
        return out.isEmpty ? [.failure(.invalidJSON("empty body"))] : out
    }

    private static func hit(from object: Any) -> Result<RawHit, IngestError> {
        guard let dict = object as? [String: Any] else { return .failure(.invalidJSON("item is not a JSON object")) }
        var fields: [String: String] = [:]
        var other: Set<String> = []
        for (key, value) in dict {
            if let s = value as? String {
                fields[key] = s
            } else if !(value is NSNull) {
                other.insert(key)
            }
        }
        return .success(RawHit(fields: fields, nonStringFields: other))
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}
