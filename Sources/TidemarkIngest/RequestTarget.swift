/// The form of an HTTP request target (RFC 9112 §3.2), decided by its first
/// bytes and never by guessing a host: `/…` is a path (also `//blog/post`,
/// whose first segment is empty, not a host), `http://host/…` an absolute
/// URL, `host:port` the authority form of `CONNECT`, `*` the asterisk form
/// of `OPTIONS`.
package enum RequestTargetForm: String, Sendable, Hashable {
    /// `absolute-path [ "?" query ]`.
    case origin
    /// `http://` or `https://` absolute URI (proxies receive these).
    case absolute
    /// `host:port`, for `CONNECT`.
    case authority
    /// `*`, for `OPTIONS`.
    case asterisk
    /// None of the above (empty, another scheme, garbage).
    case other

    /// The form of `target`.
    package init(_ target: String) {
        let u = target.utf8
        guard let first = u.first else {
            self = .other
            return
        }
        if first == 0x2F {
            self = .origin
        } else if target == "*" {
            self = .asterisk
        } else if let colon = u.firstIndex(of: 0x3A) {
            let scheme = String(decoding: u[u.startIndex..<colon], as: UTF8.self).lowercased()
            let rest = u[u.index(after: colon)...]
            if (scheme == "http" || scheme == "https") && rest.starts(with: [0x2F, 0x2F]) {
                self = .absolute
            } else if !rest.isEmpty, rest.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                !u.contains(0x2F), !u.contains(0x3F)
            {
                self = .authority
            } else {
                self = .other
            }
        } else {
            self = .other
        }
    }

    /// True for the forms that name a page (origin and absolute).
    package var namesAPage: Bool { self == .origin || self == .absolute }
}
