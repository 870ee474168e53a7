import Foundation
import TidemarkCore

/// The one JSON form of every state object: keys sorted, `/` not escaped,
/// one object per file ending in a newline, so equal values give equal bytes
/// on every host (repair compares copies byte for byte).
package enum StateJSON {
    /// `value` as stored.
    package static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings, numbers and booleans cannot fail;
        // an empty object keeps the signature total all the same.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    /// The `T` stored in `bytes` at `key` (served by `region`).
    package static func decode<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], key: String, region: String? = nil
    ) throws(StateError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .undecodable(key: key, region: region, detail: Self.describe(error))
        } catch {
            throw .undecodable(key: key, region: region, detail: "\(error)")
        }
    }

    /// Reads a timestamp field written by `Timestamp.formatMillis`.
    package static func millis<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Int64 {
        let text = try c.decode(String.self, forKey: key)
        guard let millis = Timestamp.parseMillis(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "\(text) is not an RFC 3339 UTC time")
        }
        return millis
    }

    /// One line: which field, what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ p: [any CodingKey]) -> String {
            p.isEmpty ? "the document" : p.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "\(path(ctx.codingPath + [key])) is missing"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            let underlying = ctx.underlyingError.map { ": \($0)" } ?? ""
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)\(underlying)"
        @unknown default: return "\(error)"
        }
    }
}
