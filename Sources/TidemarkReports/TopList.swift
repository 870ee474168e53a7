/// One ranked list of a report, such as `top_pages` or `referrers`.
package struct TopList: Sendable, Hashable {
    /// Which list this is.
    package var kind: TopListKind
    /// At most `TopList.limit` rows, best first.
    package var rows: [TopRow]

    /// Memberwise initialiser.
    package init(kind: TopListKind, rows: [TopRow]) {
        self.kind = kind
        self.rows = rows
    }

    /// Rows a top list keeps (SPEC §4.1 rule 8).
    package static let limit = 50

    /// The first `limit` of `candidates` by first count descending, then key
    /// ascending in UTF-8 byte order (not Swift's `String` order, which
    /// compares canonically equivalent forms as equal).
    package static func rank(_ candidates: [TopRow], limit: Int = TopList.limit) -> [TopRow] {
        guard limit > 0 else { return [] }
        var pool = candidates
        if pool.count > limit {
            // Only rows whose count reaches the limit-th largest can make the
            // list; sorting the counts alone is cheap, string ties are not.
            let cut = pool.map(\.count).sorted(by: >)[limit - 1]
            pool.removeAll { $0.count < cut }
        }
        pool.sort(by: TopRow.ranksBefore)
        return Array(pool.prefix(limit))
    }
}

/// One row of a top list: a key and its counts, named by the list's `countFields`.
package struct TopRow: Sendable, Hashable {
    /// The path, host, value, code or name.
    package var key: String
    /// The counts in `TopListKind.countFields` order; the first one ranks.
    package var counts: [Int]

    /// Memberwise initialiser.
    package init(key: String, counts: [Int]) {
        self.key = key
        self.counts = counts
    }

    /// The ranking count.
    package var count: Int { counts.first ?? 0 }

    /// Count descending, then key ascending by UTF-8 bytes.
    package static func ranksBefore(_ a: TopRow, _ b: TopRow) -> Bool {
        if a.count != b.count { return a.count > b.count }
        return UTF8Bytes.precedes(a.key, b.key)
    }
}

/// The top lists of SPEC §4.2, in the order `report.json` holds them.
package enum TopListKind: Int, Sendable, Hashable, CaseIterable {
    /// Page views and visitors per path.
    case topPages
    /// Visits per first page viewed (daily only).
    case entryPages
    /// Visits per last page viewed (daily only).
    case exitPages
    /// Visits per referrer host of their first event; `(direct)` for none.
    case referrers
    /// Visits per UTM source of their first event.
    case utmSources
    /// Visits per UTM medium of their first event.
    case utmMediums
    /// Visits per UTM campaign of their first event.
    case utmCampaigns
    /// Visitors per country code.
    case countries
    /// Visitors per browser family.
    case browsers
    /// Visitors per operating system family.
    case os
    /// Visitors per device class.
    case devices
    /// Events and visitors per custom event name.
    case customEvents

    /// The key in `report.json`.
    package var jsonName: String {
        switch self {
        case .topPages: "top_pages"
        case .entryPages: "entry_pages"
        case .exitPages: "exit_pages"
        case .referrers: "referrers"
        case .utmSources: "utm_sources"
        case .utmMediums: "utm_mediums"
        case .utmCampaigns: "utm_campaigns"
        case .countries: "countries"
        case .browsers: "browsers"
        case .os: "os"
        case .devices: "devices"
        case .customEvents: "custom_events"
        }
    }

    /// The name of a row's key field.
    package var keyField: String {
        switch self {
        case .topPages, .entryPages, .exitPages: "path"
        case .referrers: "host"
        case .utmSources, .utmMediums, .utmCampaigns: "value"
        case .countries: "code"
        case .browsers, .os, .devices, .customEvents: "name"
        }
    }

    /// The names of a row's counts; the first one ranks.
    package var countFields: [String] {
        switch self {
        case .topPages: ["pageviews", "visitors"]
        case .entryPages, .exitPages, .referrers, .utmSources, .utmMediums, .utmCampaigns: ["visits"]
        case .countries, .browsers, .os, .devices: ["visitors"]
        case .customEvents: ["events", "visitors"]
        }
    }

    /// A heading for people (HTML).
    package var title: String {
        switch self {
        case .topPages: "Top pages"
        case .entryPages: "Entry pages"
        case .exitPages: "Exit pages"
        case .referrers: "Referrers"
        case .utmSources: "UTM sources"
        case .utmMediums: "UTM mediums"
        case .utmCampaigns: "UTM campaigns"
        case .countries: "Countries"
        case .browsers: "Browsers"
        case .os: "Operating systems"
        case .devices: "Devices"
        case .customEvents: "Custom events"
        }
    }

    /// Whether only daily reports fill the list (hourly ones carry it empty).
    package var isDailyOnly: Bool { self == .entryPages || self == .exitPages }
}
