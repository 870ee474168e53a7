import TidemarkCore

/// Where a site's local days begin (SPEC §3.1): the one place the period
/// code asks the site's zone, so period windows and daily windows agree.
package struct LocalDays: Sendable {
    /// The site's zone.
    package let zone: SiteZone

    /// Days in `zone`.
    package init(zone: SiteZone = .utc) {
        self.zone = zone
    }

    /// The IANA zone name, or `UTC`.
    package var timeZone: String { zone.identifier }

    /// The first instant (epoch seconds) of local date `day`.
    package func start(of day: Int) -> Int64 {
        zone.dayStart(day)
    }

    /// The local date holding instant `seconds`.
    package func day(containing seconds: Int64) -> Int {
        zone.localDay(atMillis: seconds * 1000)
    }
}
