/// Writes events as compact schema-v1 JSON lines, fields in SPEC order.
package enum EventEncoder {
    /// One line, without its newline.
    package static func line(_ e: Event) -> String {
        var out = "{"
        out.reserveCapacity(360)
        func field(_ name: String, _ value: String, last: Bool = false) {
            out += "\""
            out += name
            out += "\":"
            JSONText.appendString(value, to: &out)
            if !last { out += "," }
        }
        field("id", e.id)
        field("ts", e.ts)
        field("site", e.site)
        field("type", e.type.rawValue)
        field("name", e.name)
        field("path", e.path)
        field("ref_host", e.refHost)
        field("utm_source", e.utmSource)
        field("utm_medium", e.utmMedium)
        field("utm_campaign", e.utmCampaign)
        field("visitor", e.visitor)
        field("country", e.country)
        field("browser", e.browser)
        field("os", e.os)
        field("device", e.device.rawValue, last: true)
        out += "}"
        return out
    }
}

/// JSON text helpers shared by every writer of JSON in Tidemark.
package enum JSONText {
    /// Appends `s` as a quoted JSON string; `/` and non-ASCII stay literal.
    package static func appendString(_ s: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for c in s.utf8 where c < 0x20 || c == 0x22 || c == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case let c where c.value < 0x20:
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A quoted JSON string.
    package static func quoted(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }
}
