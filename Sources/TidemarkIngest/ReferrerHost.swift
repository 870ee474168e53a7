/// The `ref_host` of an event (SPEC §1): the referrer's host, lowercased,
/// without a leading `www.`; empty for none and for a self-referral.
package enum ReferrerHost {
    /// `ref_host` for `referrer` on a page of `site` whose URL host is `pageHost`.
    package static func from(_ referrer: String, site: String, pageHost: String = "") -> String {
        let trimmed = referrer.trimmingSpaces()
        if trimmed.isEmpty || trimmed == "-" { return "" }
        var (host, _) = PageURL.splitAuthority(trimmed)
        if host.isEmpty {
            // A bare host such as `google.com/search` (some clients drop the scheme).
            let candidate = trimmed.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard candidate.utf8.contains(0x2E), !candidate.utf8.contains(0x20) else { return "" }
            host = (candidate.split(separator: ":").first.map(String.init) ?? "").lowercased()
        }
        let bare = stripWWW(host)
        if bare.isEmpty || bare == stripWWW(site) || (!pageHost.isEmpty && bare == stripWWW(pageHost)) { return "" }
        return bare
    }

    /// `host` without a leading `www.`.
    static func stripWWW(_ host: String) -> String {
        host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}
