#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IP address text: parsing, and the one canonical form SPEC §1.1 hashes
/// (dotted quad for IPv4 and IPv4-mapped IPv6, RFC 5952 for other IPv6).
/// Every path that turns an address into a visitor id goes through
/// ``canonical(_:)``: the collector (socket peer and trusted proxies'
/// `X-Forwarded-For`), the pixel, raw hits and access logs.
package enum IPText {
    /// 4 or 16 bytes, or nil when `text` is not an address. An IPv4-mapped
    /// IPv6 address (`::ffff:192.0.2.1`) gives the 4 bytes of its IPv4 client.
    package static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let raw = withUnsafeBytes(of: &v6) { Array($0) }
            if raw[0..<10].allSatisfy({ $0 == 0 }), raw[10] == 0xFF, raw[11] == 0xFF { return Array(raw[12..<16]) }
            return raw
        }
        return nil
    }

    /// The canonical text of an address, or nil when `text` is not one.
    /// Accepts the spellings servers and proxies log: surrounding spaces or
    /// quotes, `[v6]`, `[v6]:port`, `v4:port`, and a zone (`fe80::1%eth0`,
    /// which is dropped: it names an interface of the logging host).
    package static func canonical(_ text: String) -> String? {
        var s = Substring(text)
        while let c = s.first, c == " " || c == "\t" || c == "\"" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\"" { s = s.dropLast() }
        if s.first == "[" {
            guard let close = s.firstIndex(of: "]") else { return nil }
            let rest = s[s.index(after: close)...]
            guard rest.isEmpty || isPort(rest) else { return nil }
            s = s[s.index(after: s.startIndex)..<close]
        } else if let colon = s.firstIndex(of: ":"), s[s.index(after: colon)...].firstIndex(of: ":") == nil,
            isPort(s[colon...])
        {
            // One colon: `192.0.2.1:51234` (IPv6 has at least two).
            s = s[..<colon]
        }
        if let percent = s.firstIndex(of: "%") { s = s[..<percent] }
        guard !s.isEmpty, s.utf8.count <= 64, let bytes = bytes(String(s)) else { return nil }
        return format(bytes)
    }

    /// `text` in canonical form when it is an address, else `text` unchanged
    /// (a host name logged with `HostnameLookups On`, `unknown`, `-`).
    package static func canonicalOrSelf(_ text: String) -> String {
        canonical(text) ?? text
    }

    /// Dotted quad for 4 bytes; RFC 5952 §4 for 16: lowercase hex without
    /// leading zeros, the longest run of two or more zero groups (the first
    /// on a tie) as `::`. Written here rather than by `inet_ntop`, which
    /// prints `::0.1.0.2` for `::1:2` (an IPv4-compatible form RFC 5952 does
    /// not ask for).
    package static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map { String($0) }.joined(separator: ".") }
        guard bytes.count == 16 else { return "" }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 0
        var i = 0
        while i < 8 {
            guard groups[i] == 0 else {
                i += 1
                continue
            }
            var j = i
            while j < 8, groups[j] == 0 { j += 1 }
            if j - i > bestLength {
                bestStart = i
                bestLength = j - i
            }
            i = j
        }
        if bestLength < 2 { bestStart = -1 }
        var out = ""
        i = 0
        while i < 8 {
            if i == bestStart {
                out += "::"
                i += bestLength
                continue
            }
            if !out.isEmpty, !out.hasSuffix(":") { out += ":" }
            out += String(groups[i], radix: 16)
            i += 1
        }
        return out
    }

    private static func isPort(_ s: Substring) -> Bool {
        let digits = s.dropFirst()
        return s.first == ":" && !digits.isEmpty && digits.count <= 5 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
