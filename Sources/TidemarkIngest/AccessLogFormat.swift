/// The access-log layouts `tidemark ingest` recognises (README "Access
/// logs"), named as Apache's `LogFormat` nicknames name them.
package enum AccessLogFormat: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `%h %l %u %t "%r" %>s %b`: no referrer, no user agent.
    case common
    /// `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`, also with
    /// more fields after the user agent (nginx configurations add request
    /// time, upstream address, `X-Forwarded-For`…; they are ignored).
    case combined
    /// `%v %h %l %u %t "%r" %>s %b`: Common with the virtual host first.
    case vhostCommon = "vhost_common"
    /// `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`:
    /// Combined with the virtual host (and port) first.
    case vhostCombined = "vhost_combined"

    /// True when lines carry a referrer and a user agent.
    package var hasUserAgent: Bool { self == .combined || self == .vhostCombined }

    /// True when lines start with the virtual host.
    package var hasVirtualHost: Bool { self == .vhostCommon || self == .vhostCombined }

    /// A name for messages: `Combined Log Format`.
    package var title: String {
        switch self {
        case .common: "Common Log Format"
        case .combined: "Combined Log Format"
        case .vhostCommon: "vhost_common (Common with a virtual host first)"
        case .vhostCombined: "vhost_combined (Combined with a virtual host first)"
        }
    }

    package static func < (a: AccessLogFormat, b: AccessLogFormat) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}
