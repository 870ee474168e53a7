import Foundation

/// Parses one logfmt line the way a log shipper would (Vector's
/// `parse_logfmt`, Grafana Loki's `logfmt`): `key=value` pairs separated by
/// single spaces, a value bare or a double-quoted string with JSON escapes.
/// Returns nil for anything else, so a test can insist every line parses.
enum LogfmtParser {
    static func parse(_ line: String) -> [(key: String, value: String)]? {
        let chars = Array(line.unicodeScalars)
        var pairs: [(key: String, value: String)] = []
        var i = 0
        while i < chars.count {
            var key = ""
            while i < chars.count, chars[i] != "=" {
                guard chars[i] != " ", chars[i] != "\"" else { return nil }
                key.unicodeScalars.append(chars[i])
                i += 1
            }
            guard i < chars.count, !key.isEmpty else { return nil }
            i += 1  // "="
            var value = ""
            if i < chars.count, chars[i] == "\"" {
                var raw = "\""
                i += 1
                var closed = false
                while i < chars.count {
                    let c = chars[i]
                    raw.unicodeScalars.append(c)
                    i += 1
                    if c == "\\", i < chars.count {
                        raw.unicodeScalars.append(chars[i])
                        i += 1
                    } else if c == "\"" {
                        closed = true
                        break
                    }
                }
                guard closed,
                    let decoded = try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: .fragmentsAllowed)
                        as? String
                else { return nil }
                value = decoded
            } else {
                while i < chars.count, chars[i] != " " {
                    guard chars[i] != "\"", chars[i] != "=" else { return nil }
                    value.unicodeScalars.append(chars[i])
                    i += 1
                }
            }
            pairs.append((key, value))
            if i < chars.count {
                guard chars[i] == " ", i + 1 < chars.count else { return nil }
                i += 1
            }
        }
        return pairs
    }

    /// The pairs as a dictionary (the last value wins; keys are unique in our lines).
    static func fields(_ line: String) -> [String: String]? {
        parse(line).map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }) }
    }
}
