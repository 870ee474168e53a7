/// Where `tidemark serve` gets its sites and reports: the stored daily
/// partials and reports in the regions (`StoredReportSource`), or a fake in
/// tests of the HTTP surface. Read-only.
package protocol PeriodReportSource: Sendable {
    /// The served sites in configured order, each with its zone and the
    /// first and last local day that has a stored daily report.
    func sites() async throws -> [ServedSite]

    /// `report.json` of the period report (SPEC §4.3) of `site` over `days`:
    /// the same bytes as `tidemark report --format json` for that range.
    func report(site: ServedSite, days: DayRange) async throws -> [UInt8]

    /// The stored daily `report.json` of one local day (its hourly series),
    /// nil when that day has no daily report.
    func dailyReport(site: ServedSite, day: Int) async throws -> [UInt8]?
}

/// One served site, as `GET /api/v1/sites` lists it.
package struct ServedSite: Sendable, Hashable {
    /// Site id.
    package var site: String
    /// IANA zone name, or `UTC`.
    package var timeZone: String
    /// First local day with a stored daily report; nil when none.
    package var firstDay: Int?
    /// Last local day with a stored daily report; nil when none.
    package var lastDay: Int?

    /// Memberwise initialiser.
    package init(site: String, timeZone: String, firstDay: Int? = nil, lastDay: Int? = nil) {
        self.site = site
        self.timeZone = timeZone
        self.firstDay = firstDay
        self.lastDay = lastDay
    }
}
