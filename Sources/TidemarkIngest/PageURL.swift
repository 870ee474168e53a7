/// The parts of a page URL that events keep: its host, its path (without
/// query or fragment, `/` at least) and its UTM values.
package struct PageURL: Sendable, Hashable {
    /// Lowercased host without port, or empty for a relative URL.
    package var host: String
    /// The path in the normal form of SPEC §1 (``PagePath``), `/` at least.
    package var path: String
    /// `utm_source` from the query, percent-decoded; empty when absent.
    package var utmSource: String
    /// `utm_medium`.
    package var utmMedium: String
    /// `utm_campaign`.
    package var utmCampaign: String

    /// Parses an absolute URL (`https://host/path?q`) or a path (`/path?q`),
    /// told apart by form (RFC 9112 §3.2, RFC 3986 §4.2): text that starts
    /// with `/` is a path, also when it starts with `//` (a request for
    /// `//blog/post` names the path `//blog/post`, not a host `blog`); text
    /// that starts with `scheme://` is absolute; anything else is read as a
    /// path relative to `/`.
    package init(parsing url: String) {
        let trimmed = url.trimmingSpaces()
        let rest: Substring
        if trimmed.utf8.first == 0x2F {
            host = ""
            rest = Substring(trimmed)
        } else {
            (host, rest) = Self.splitAuthority(trimmed)
        }
        let u = rest.utf8
        // Byte-level scanning: Character iteration showed up in profiles.
        let pathEnd = u.firstIndex { $0 == 0x3F || $0 == 0x23 } ?? u.endIndex
        var path = PagePath.normalized(rest[rest.startIndex..<pathEnd])
        if path.utf8.first != 0x2F { path = "/" + path }
        self.path = path
        var utm: [String: String] = [:]
        if pathEnd < u.endIndex, u[pathEnd] == 0x3F {
            let queryStart = u.index(after: pathEnd)
            let queryEnd = u[queryStart...].firstIndex(of: 0x23) ?? u.endIndex
            for pair in rest[queryStart..<queryEnd].utf8.split(separator: 0x26) {
                guard pair.starts(with: Self.utmPrefix) else { continue }
                let eq = pair.firstIndex(of: 0x3D)
                let name = PercentDecoding.decode(Substring(pair[pair.startIndex..<(eq ?? pair.endIndex)]))
                guard utm[name] == nil else { continue }
                utm[name] = eq.map { PercentDecoding.decode(Substring(pair[pair.index(after: $0)...])) } ?? ""
            }
        }
        utmSource = utm["utm_source"] ?? ""
        utmMedium = utm["utm_medium"] ?? ""
        utmCampaign = utm["utm_campaign"] ?? ""
    }

    private static let utmPrefix = Array("utm_".utf8)

    /// Splits `scheme://authority/rest` into (lowercased host, `/rest`); a URL
    /// without `//` has no host and is all path.
    static func splitAuthority(_ url: String) -> (host: String, rest: Substring) {
        let s = Substring(url.trimmingSpaces())
        let u = s.utf8
        guard let slash = u.firstIndex(of: 0x2F) else { return ("", s) }
        let next = u.index(after: slash)
        guard next < u.endIndex, u[next] == 0x2F else { return ("", s) }
        // Only `scheme:` or nothing (protocol-relative) may precede `//`.
        let scheme = u[u.startIndex..<slash]
        guard scheme.isEmpty || (scheme.last == 0x3A && scheme.dropLast().allSatisfy(isSchemeByte)) else { return ("", s) }
        let authorityStart = u.index(after: next)
        let authorityEnd = u[authorityStart...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? u.endIndex
        var hostStart = authorityStart
        if let at = u[authorityStart..<authorityEnd].lastIndex(of: 0x40) { hostStart = u.index(after: at) }
        var hostEnd = authorityEnd
        if hostStart < authorityEnd, u[hostStart] == 0x5B {
            if let close = u[hostStart..<authorityEnd].firstIndex(of: 0x5D) { hostEnd = u.index(after: close) }
        } else if let colon = u[hostStart..<authorityEnd].firstIndex(of: 0x3A) {
            hostEnd = colon
        }
        var host = Array(u[hostStart..<hostEnd])
        if host.last == 0x2E { host.removeLast() }
        return (String(decoding: ByteSearch.asciiLowercased(host), as: UTF8.self), s[authorityEnd...])
    }

    private static func isSchemeByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D
            || c == 0x2E
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

    private static func hexValue(_ c: UInt8) -> UInt8? { PagePath.hexValue(c) }
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
