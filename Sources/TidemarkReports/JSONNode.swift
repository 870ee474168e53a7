import TidemarkCore

/// A JSON value with ordered object keys, printed the way `jq .` prints:
/// two-space indent, `": "` after keys, `[]` and `{}` for empty containers,
/// a newline at the end. Used for `report.json` and `manifest.json`
/// (``JSONNodeEncoder`` builds it from a stored format's `Codable` type).
indirect enum JSONNode {
    /// An integer.
    case int(Int)
    /// An exact decimal, printed with at least one decimal.
    case decimal(ReportDecimal)
    /// A string, escaped by `JSONText`.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// Members in the order given.
    case object([(String, JSONNode)])
    /// Elements in order.
    case array([JSONNode])

    /// The pretty text, ending in a newline.
    var prettyText: String {
        var out = ""
        out.reserveCapacity(8192)
        write(to: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .int(let v): out += String(v)
        case .decimal(let d): out += d.description
        case .string(let s): JSONText.appendString(s, to: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                Self.pad(&out, indent + 1)
                JSONText.appendString(key, to: &out)
                out += ": "
                value.write(to: &out, indent: indent + 1)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            Self.pad(&out, indent)
            out += "}"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, value) in items.enumerated() {
                Self.pad(&out, indent + 1)
                value.write(to: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            Self.pad(&out, indent)
            out += "]"
        }
    }

    private static func pad(_ out: inout String, _ level: Int) {
        for _ in 0..<level { out += "  " }
    }
}
