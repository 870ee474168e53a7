/// One page view or custom event in schema version 1 (SPEC §1).
///
/// Every field is kept as the string that was read, so writing an event back
/// gives the same text; `epochMillis` is `ts` parsed once for arithmetic.
package struct Event: Sendable, Hashable {
    /// 32 lowercase hex digits; the dedupe key.
    package var id: String
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    package var ts: String
    /// `ts` as milliseconds since the Unix epoch.
    package var epochMillis: Int64
    /// Site id (a hostname).
    package var site: String
    /// Page view or custom event.
    package var type: EventKind
    /// Custom event name; empty for page views.
    package var name: String
    /// URL path, starting with `/`.
    package var path: String
    /// Referrer host, or empty for direct traffic.
    package var refHost: String
    /// UTM values from the page URL; empty when absent.
    package var utmSource: String
    /// UTM medium.
    package var utmMedium: String
    /// UTM campaign.
    package var utmCampaign: String
    /// 16 lowercase hex digits (SPEC §1.1).
    package var visitor: String
    /// ISO 3166-1 alpha-2, or empty.
    package var country: String
    /// Browser family, or empty.
    package var browser: String
    /// Operating system family, or empty.
    package var os: String
    /// Device class.
    package var device: Device

    /// Creates an event from its fields; `epochMillis` is derived from `ts`.
    package init(
        id: String, ts: String, site: String, type: EventKind, name: String = "", path: String,
        refHost: String = "", utmSource: String = "", utmMedium: String = "", utmCampaign: String = "",
        visitor: String, country: String = "", browser: String = "", os: String = "", device: Device = .desktop
    ) throws(EventFormatError) {
        guard let millis = Timestamp.parseMillis(ts) else {
            throw EventFormatError(field: "ts", reason: "not a valid YYYY-MM-DDTHH:MM:SS.mmmZ time")
        }
        self.init(
            id: id, ts: ts, epochMillis: millis, site: site, type: type, name: name, path: path,
            refHost: refHost, utmSource: utmSource, utmMedium: utmMedium, utmCampaign: utmCampaign,
            visitor: visitor, country: country, browser: browser, os: os, device: device)
    }

    /// Memberwise initialiser for callers that already hold a parsed `ts`.
    package init(
        id: String, ts: String, epochMillis: Int64, site: String, type: EventKind, name: String, path: String,
        refHost: String, utmSource: String, utmMedium: String, utmCampaign: String,
        visitor: String, country: String, browser: String, os: String, device: Device
    ) {
        self.id = id
        self.ts = ts
        self.epochMillis = epochMillis
        self.site = site
        self.type = type
        self.name = name
        self.path = path
        self.refHost = refHost
        self.utmSource = utmSource
        self.utmMedium = utmMedium
        self.utmCampaign = utmCampaign
        self.visitor = visitor
        self.country = country
        self.browser = browser
        self.os = os
        self.device = device
    }

    /// The UTC hour that holds the event; segments are partitioned by it.
    package var hour: UTCHour { UTCHour(epochMillis: epochMillis) }
}

/// The `type` field of an event.
package enum EventKind: String, Sendable, Hashable, CaseIterable {
    case pageview
    case event
}

/// The `device` field of an event.
package enum Device: String, Sendable, Hashable, CaseIterable {
    case desktop
    case mobile
    case tablet
    case bot
}

/// A field of an event that is missing or not of its form.
package struct EventFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON field name at fault, or empty when the line as a whole is bad.
    package var field: String
    /// What is wrong with it.
    package var reason: String

    package init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    package var description: String {
        field.isEmpty ? reason : "field \"\(field)\": \(reason)"
    }
}
