/// The parts of a page URL that events keep: its host, its path (without
/// query or fragment, `/` at least) and its UTM values.
package struct PageURL: Sendable, Hashable {
    /// Lowercased host without port, or empty for a relative URL.
    package var host: String
    /// The path as sent (still percent-encoded), `/` at least.
    package var path: String
    /// `utm_source` from the query, percent-decoded; empty when absent.
    package var utmSource: String
    /// `utm_medium`.
    package var utmMedium: String
    /// `utm_campaign`.
    package var utmCampaign: String

    /// Parses an absolute (`https://host/path?q`) or relative (`/path?q`) URL.
    package init(parsing url: String) {
        let (host, rest) = Self.splitAuthority(url)
        self.host = host
        var pathEnd = rest.endIndex
        var queryRange: Range<Substring.Index>?
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            pathEnd = q
            if rest[q] == "?" {
                let queryEnd = rest[q...].firstIndex(of: "#") ?? rest.endIndex
                queryRange = rest.index(after: q)..<queryEnd
            }
        }
        var path = String(rest[rest.startIndex..<pathEnd])
        if !path.hasPrefix("/") { path = "/" + path }
        self.path = path
        var utm: [String: String] = [:]
        if let queryRange {
            for pair in rest[queryRange].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = PercentDecoding.decode(parts[0])
                guard name.hasPrefix("utm_"), utm[name] == nil else { continue }
                utm[name] = parts.count > 1 ? PercentDecoding.decode(parts[1]) : ""
            }
        }
        utmSource = utm["utm_source"] ?? ""
        utmMedium = utm["utm_medium"] ?? ""
        utmCampaign = utm["utm_campaign"] ?? ""
    }

    /// Splits `scheme://authority/rest` into (lowercased host, `/rest`); a URL
    /// without `//` has no host and is all path.
    static func splitAuthority(_ url: String) -> (host: String, rest: Substring) {
        let s = Substring(url.trimmingSpaces())
        guard let slash = s.firstIndex(of: "/") else { return ("", s) }
        let next = s.index(after: slash)
        guard next < s.endIndex, s[next] == "/" else { return ("", s) }
        let marker = slash..<s.index(after: next)
        let schemePart = s[s.startIndex..<marker.lowerBound]
        // Only `scheme:` or nothing (protocol-relative) may precede `//`.
        guard schemePart.isEmpty || (schemePart.hasSuffix(":") && schemePart.dropLast().allSatisfy(isSchemeCharacter))
        else { return ("", s) }
        let afterSlashes = s[marker.upperBound...]
        let authorityEnd = afterSlashes.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterSlashes.endIndex
        var authority = afterSlashes[afterSlashes.startIndex..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.startIndex...close]
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[authority.startIndex..<colon]
        } else {
            host = authority
        }
        if host.hasSuffix(".") { host = host.dropLast() }
        return (host.lowercased(), afterSlashes[authorityEnd...])
    }

    private static func isSchemeCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "+" || c == "-" || c == ".")
    }
}

/// Percent-decoding of query components (`+` is a space there).
enum PercentDecoding {
    /// `s` with `%XX` escapes decoded and `+` as a space.
    static func decode(_ s: Substring) -> String {
        guard s.utf8.contains(0x25) || s.utf8.contains(0x2B) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var it = s.utf8.makeIterator()
        while let c = it.next() {
            if c == UInt8(ascii: "+") {
                out.append(0x20)
            } else if c == UInt8(ascii: "%") {
                let h = it.next()
                let l = it.next()
                if let h, let l, let hv = hexValue(h), let lv = hexValue(l) {
                    out.append(hv << 4 | lv)
                } else {
                    out.append(c)
                    if let h { out.append(h) }
                    if let l { out.append(l) }
                }
            } else {
                out.append(c)
            }
        }
        // Invalid UTF-8 after decoding is repaired rather than rejected: the
        // value is informational and must stay valid JSON text.
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}

extension String {
    /// `self` without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        guard let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        return String(self[first...last])
    }
}
