/// Writes events as compact schema-v1 JSON lines, fields in SPEC order.
package enum EventEncoder {
    /// One line, without its newline.
    package static func line(_ e: Event) -> String {
        var out: [UInt8] = []
        append(e, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one line, without its newline, to `out`. Works on bytes: the
    /// collector writes every accepted event through here.
    package static func append(_ e: Event, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 360)
        out.append(0x7B)
        field(#""id":"#, e.id, &out)
        field(#","ts":"#, e.ts, &out)
        field(#","site":"#, e.site, &out)
        field(#","type":"#, e.type.rawValue, &out)
        field(#","name":"#, e.name, &out)
        field(#","path":"#, e.path, &out)
        field(#","ref_host":"#, e.refHost, &out)
        field(#","utm_source":"#, e.utmSource, &out)
        field(#","utm_medium":"#, e.utmMedium, &out)
        field(#","utm_campaign":"#, e.utmCampaign, &out)
        field(#","visitor":"#, e.visitor, &out)
        field(#","country":"#, e.country, &out)
        field(#","browser":"#, e.browser, &out)
        field(#","os":"#, e.os, &out)
        field(#","device":"#, e.device.rawValue, &out)
        out.append(0x7D)
    }

    @inline(__always)
    private static func field(_ key: StaticString, _ value: String, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        JSONText.appendString(value, to: &out)
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

    /// Appends `s` as a quoted JSON string to UTF-8 bytes, exactly as the
    /// `String` form does: only ASCII characters are escaped, so bytes of
    /// multi-byte characters pass through.
    package static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var copy = s
        copy.withUTF8 { bytes in
            var needsEscape = false
            for c in bytes where c < 0x20 || c == 0x22 || c == 0x5C {
                needsEscape = true
                break
            }
            guard needsEscape else {
                out.append(contentsOf: bytes)
                return
            }
            for c in bytes {
                switch c {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case let c where c < 0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0x0F)]])
                default: out.append(c)
                }
            }
        }
        out.append(0x22)
    }

    /// A quoted JSON string.
    package static func quoted(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }
}
