import TidemarkCore

/// A seeded, realistic UTC day of schema-v1 events for some sites.
///
/// Visitors keep one country, browser, OS and device all day; most come once,
/// some return after more than 30 minutes; visits start along a daily curve,
/// pick pages with Zipf popularity, arrive from search, social, news or
/// nowhere, carry UTM tags now and then, and fire custom events along
/// sign-up and checkout funnels. A few crawlers (`device` = `bot`) and about
/// 0.5 % client retries (the same line again) are mixed in.
///
/// Lines are produced one at a time, visitor by visitor (not in time order),
/// so memory does not grow with the event count. The same seed, day and
/// sites always give the same bytes.
package struct SyntheticDay: Sendable {
    /// Seeds every random choice.
    package let seed: UInt64
    /// The UTC day, in days since 1970-01-01.
    package let day: Int
    /// The sites, generated in this order.
    package let sites: [SyntheticSite]

    /// A day with the given sites and their traffic.
    package init(seed: UInt64, day: Int, sites: [SyntheticSite]) {
        self.seed = seed
        self.day = day
        self.sites = sites
    }

    /// A day with `eventsPerSite` distinct events for each of `sites`.
    package init(seed: UInt64, day: Int, sites: [String], eventsPerSite: Int) {
        self.init(seed: seed, day: day, sites: sites.map { SyntheticSite(name: $0, events: eventsPerSite) })
    }

    /// Distinct events the day holds (lines are about 0.5 % more, the retries).
    package var eventCount: Int { sites.reduce(0) { $0 + $1.events } }

    /// Calls `body` with every NDJSON line (no newline), retries included.
    package func forEachLine(_ body: (String) throws -> Void) rethrows {
        try forEachSend { try body($0.text) }
    }

    /// Calls `body` with every line as sent, with its event and send time.
    package func forEachSend(_ body: (SyntheticLine) throws -> Void) rethrows {
        for site in sites {
            var stream = SiteStream(seed: seed, day: day, site: site)
            try stream.run(body)
        }
    }
}
