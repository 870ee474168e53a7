import Logging
import TidemarkCore

/// Renders one log record as one line (without its newline); pure, so the
/// format is tested without a process (docs/LOGGING.md).
///
/// Key order is fixed: `ts`, `level`, `msg`, then the well-known keys in
/// `LogLine.leadingKeys` order, then any other key alphabetically, and
/// `error` last.
package enum LogLine {
    /// Metadata keys that come right after `msg`, in this order.
    package static let leadingKeys = ["job", "window", "site", "region", "key", "at", "status"]

    /// One record as a line.
    /// - Parameters:
    ///   - timestampMillis: milliseconds since 1970 (UTC), written as RFC 3339 with milliseconds.
    package static func render(
        format: LogFormat, timestampMillis: Int64, level: Logger.Level, message: String, metadata: Logger.Metadata
    ) -> String {
        let fields = orderedKeys(metadata)
        var out = ""
        switch format {
        case .logfmt:
            out += "ts=" + Timestamp.formatMillis(timestampMillis)
            out += " level=" + level.rawValue
            out += " msg="
            appendLogfmt(message, to: &out)
            for key in fields {
                guard let value = metadata[key] else { continue }
                out += " " + logfmtKey(key) + "="
                appendLogfmt(text(value), to: &out)
            }
        case .json:
            out += #"{"ts":"# + JSONText.quoted(Timestamp.formatMillis(timestampMillis))
            out += #","level":"# + JSONText.quoted(level.rawValue)
            out += #","msg":"#
            JSONText.appendString(message, to: &out)
            for key in fields {
                guard let value = metadata[key] else { continue }
                out += ","
                JSONText.appendString(key, to: &out)
                out += ":"
                appendJSON(value, to: &out)
            }
            out += "}"
        }
        return out
    }

    /// Metadata keys in line order (see the type's documentation).
    package static func orderedKeys(_ metadata: Logger.Metadata) -> [String] {
        let leading = leadingKeys.filter { metadata[$0] != nil }
        let reserved = Set(leadingKeys + ["error", "ts", "level", "msg"])
        let rest = metadata.keys.filter { !reserved.contains($0) }.sorted()
        return leading + rest + (metadata["error"] == nil ? [] : ["error"])
    }

    /// A value as logfmt text: strings as they are, arrays comma-joined,
    /// dictionaries as `k:v` pairs in key order.
    static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let items): return items.map(text).joined(separator: ",")
        case .dictionary(let d): return d.keys.sorted().map { "\($0):\(d[$0].map(text) ?? "")" }.joined(separator: ",")
        }
    }

    /// Bare when the value is non-empty and has no space, `=`, quote,
    /// backslash or control character; otherwise quoted with JSON escapes
    /// (so a value never spans lines and always parses back).
    static func appendLogfmt(_ value: String, to out: inout String) {
        let bare = !value.isEmpty && value.unicodeScalars.allSatisfy { s in
            s.value > 0x20 && s.value != 0x7F && s != "=" && s != "\"" && s != "\\"
                && !(0x80...0x9F).contains(s.value) && s != "\u{2028}" && s != "\u{2029}"
        }
        if bare { out += value } else { JSONText.appendString(value, to: &out) }
    }

    /// Keys are written bare: anything but letters, digits, `_`, `.` and `-` becomes `_`.
    static func logfmtKey(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        var out = ""
        for s in key.unicodeScalars {
            let ok = (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "."
                || s == "-"
            out.unicodeScalars.append(ok ? s : "_")
        }
        return out
    }

    /// Integers and finite floating-point values as JSON numbers, booleans
    /// as booleans, arrays and dictionaries as such, everything else as a string.
    static func appendJSON(_ value: Logger.MetadataValue, to out: inout String) {
        switch value {
        case .string(let s):
            JSONText.appendString(s, to: &out)
        case .stringConvertible(let c):
            if c is any BinaryInteger {
                out += c.description
            } else if let d = c as? Double, d.isFinite {
                out += c.description
            } else if let b = c as? Bool {
                out += b ? "true" : "false"
            } else {
                JSONText.appendString(c.description, to: &out)
            }
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                appendJSON(item, to: &out)
            }
            out += "]"
        case .dictionary(let d):
            out += "{"
            for (i, k) in d.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSONText.appendString(k, to: &out)
                out += ":"
                if let v = d[k] { appendJSON(v, to: &out) }
            }
            out += "}"
        }
    }
}
