import TidemarkCore

/// Turns a raw hit into a schema-v1 event (SPEC §1, §5): URL → path and UTM
/// values, referrer → `ref_host`, user agent → browser, OS and device, IP and
/// user agent → visitor id, plus validation against the limits of SPEC §6.
///
/// Pure: the receive time comes in the context, ids from `makeID`.
package struct Enricher: Sendable {
    /// Sites accepted; empty accepts any valid site id.
    package var allowedSites: Set<String>
    /// The visitor-id hasher holding the salt secret.
    package var visitorID: VisitorID
    /// Each site's zone, whose local date salts its visitor ids (SPEC §1.1);
    /// a site missing here is salted by its UTC date.
    package var zones: [String: SiteZone]
    /// Field-length and time-window limits.
    package var limits: HitLimits
    /// Whether the ts window of SPEC §6 applies (the collector); imports of old
    /// logs turn it off.
    package var checksTimeWindow: Bool

    package init(
        allowedSites: Set<String>, visitorID: VisitorID, zones: [String: SiteZone] = [:], limits: HitLimits = HitLimits(),
        checksTimeWindow: Bool = true
    ) {
        self.allowedSites = allowedSites
        self.visitorID = visitorID
        self.zones = zones
        self.limits = limits
        self.checksTimeWindow = checksTimeWindow
    }

    /// The event for `hit`; `makeID` supplies the id when the hit has none.
    package func event(
        from hit: RawHit, context: HitContext, makeID: () -> String = EventIDGenerator.random
    ) throws(IngestError) -> Event {
        for field in hit.nonStringFields where Self.stringFields.contains(field) {
            throw .invalidField(field, "not a string")
        }
        guard let rawSite = hit["site"], !rawSite.isEmpty else { throw .invalidField("site", "missing") }
        try check("site", rawSite, limit: 253)
        let site = rawSite.lowercased()
        guard Validation.isSiteID(site) else { throw .invalidField("site", "not a site id ([a-z0-9][a-z0-9.-]{0,252})") }
        guard allowedSites.isEmpty || allowedSites.contains(site) else { throw .unknownSite(site) }
        if hit.isCompleteEvent { return try exported(hit, site: site, context: context) }

        let type: EventKind
        switch hit["type"] ?? "pageview" {
        case "", "pageview": type = .pageview
        case "event": type = .event
        default: throw .invalidField("type", "not pageview or event")
        }
        var name = ""
        if type == .event {
            name = hit["name"] ?? ""
            guard !name.isEmpty else { throw .invalidField("name", "required for type event") }
            try check("name", name, limit: limits.maxNameBytes)
        }
        let url = hit["url"] ?? hit["u"] ?? hit["path"] ?? ""
        guard !url.isEmpty else { throw .invalidField("url", "missing") }
        // Limits apply to what is stored (path, UTM values, ref_host), not to
        // the URL and referrer they come from: a long tracking query string
        // is dropped, not a reason to lose the page view.
        let page = PageURL(parsing: url)
        try check("path", page.path, limit: limits.maxFieldBytes)
        try check("utm_source", page.utmSource, limit: limits.maxShortFieldBytes)
        try check("utm_medium", page.utmMedium, limit: limits.maxShortFieldBytes)
        try check("utm_campaign", page.utmCampaign, limit: limits.maxShortFieldBytes)
        let referrer = hit["referrer"] ?? hit["ref"] ?? hit["r"] ?? ""
        let refHost = ReferrerHost.from(referrer, site: site, pageHost: page.host)
        try check("ref_host", refHost, limit: limits.maxFieldBytes)
        var userAgent = context.userAgent
        if let ua = hit["ua"], !ua.isEmpty { userAgent = ua }
        try check("ua", userAgent, limit: limits.maxFieldBytes)

        let id = try eventID(hit["id"], makeID: makeID)
        let millis = try eventTime(hit["ts"], context: context)
        let ts = Timestamp.formatMillis(millis)
        let agent =
            userAgent.isEmpty && !context.carriesUserAgent
            ? UserAgentClassifier.Classification(browser: "", os: "", device: .desktop)
            : UserAgentClassifier.classify(userAgent)
        // One salt per local day, so a visitor keeps one id through the site's whole day.
        let date = zones[site].map { Timestamp.formatDay($0.localDay(atMillis: millis)) } ?? String(ts.prefix(10))
        return Event(
            id: id, ts: ts, epochMillis: millis, site: site, type: type, name: name, path: page.path,
            refHost: refHost, utmSource: page.utmSource,
            utmMedium: page.utmMedium, utmCampaign: page.utmCampaign,
            visitor: visitorID.visitor(date: date, site: site, ip: context.ip, userAgent: userAgent),
            country: Self.country(context.country), browser: agent.browser, os: agent.os, device: agent.device)
    }

    /// A hit with every schema-v1 field: taken as it is once it validates.
    private func exported(_ hit: RawHit, site: String, context: HitContext) throws(IngestError) -> Event {
        var fields = hit.fields
        fields["site"] = site
        var line = "{"
        for (i, name) in RawHit.schemaFields.enumerated() {
            let value = fields[name] ?? ""
            let limit = name == "name" ? limits.maxNameBytes : limits.maxFieldBytes
            try check(name, value, limit: limit)
            if i > 0 { line += "," }
            line += "\"" + name + "\":"
            JSONText.appendString(value, to: &line)
        }
        line += "}"
        switch EventParser.parse(line) {
        case .event(let event):
            if checksTimeWindow { try checkWindow(event.epochMillis, now: context.receivedMillis) }
            return event
        case .invalid(let why):
            throw .invalidField(why.field, why.reason)
        case .blank:
            throw .invalidJSON("empty event")
        }
    }

    private func eventID(_ given: String?, makeID: () -> String) throws(IngestError) -> String {
        guard let given, !given.isEmpty else { return makeID() }
        let lower = given.lowercased()
        guard Validation.isLowerHex(lower, count: 32) else { throw .invalidField("id", "not 32 hex digits") }
        return lower
    }

    private func eventTime(_ given: String?, context: HitContext) throws(IngestError) -> Int64 {
        guard let given, !given.isEmpty else { return context.receivedMillis }
        try check("ts", given, limit: 64)
        guard let millis = ClientTimestamp.parseMillis(given), Timestamp.parseMillis(Timestamp.formatMillis(millis)) != nil
        else { throw .invalidField("ts", "not an RFC 3339 time") }
        if checksTimeWindow { try checkWindow(millis, now: context.receivedMillis) }
        return millis
    }

    private func checkWindow(_ millis: Int64, now: Int64) throws(IngestError) {
        if millis > now + limits.maxFutureMillis {
            throw .timestampOutOfRange("more than \(limits.maxFutureMillis / 3_600_000) h in the future")
        }
        if millis < now - limits.maxPastMillis {
            throw .timestampOutOfRange("more than \(limits.maxPastMillis / 86_400_000) days in the past")
        }
    }

    private func check(_ field: String, _ value: String, limit: Int) throws(IngestError) {
        if value.utf8.count > limit { throw .fieldTooLong(field, limit: limit) }
    }

    /// ISO 3166-1 alpha-2 in upper case, or empty (Cloudflare's `XX` and `T1` mean unknown and Tor).
    package static func country(_ header: String) -> String {
        let code = header.trimmingSpaces().uppercased()
        guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }), code != "XX", code != "T1"
        else { return "" }
        return code
    }

    private static let stringFields: Set<String> = Set(RawHit.schemaFields + ["url", "referrer", "ref", "ua"])
}
