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

    /// How complete each local day of `days` is (SPEC §3, §4.3), in day
    /// order, as a period report over those days would count it.
    func dayStates(site: ServedSite, days: DayRange) async throws -> [DayState]
}

/// How complete one local day of a site is (SPEC §3: a report is complete
/// when every collector's watermark has passed its window's end), as
/// `GET /api/v1/sites` lists it under `recent_days`.
package struct DayState: Sendable, Hashable {
    /// The five states of a day.
    package enum Status: String, Sendable, CaseIterable {
        /// A daily report is stored and was built complete: final numbers.
        case complete
        /// A daily report is stored but was built before every collector's
        /// watermark passed the day's end (in progress, or a collector lags):
        /// `tidemark run` rebuilds it once they have.
        case partial
        /// No daily report is stored and the day is not complete: it has
        /// segments that no report holds yet, or a watermark has not passed
        /// its end. Period reports count it as zeros, not complete.
        case missing
        /// No daily report and no segments, and every watermark has passed
        /// its end: a complete day without data (zeros).
        case empty
        /// The day has not ended in the site's zone (today, or a date still
        /// to come): not complete, and nothing is wrong with it. Whatever is
        /// stored for it is preliminary.
        case inProgress = "in_progress"
    }

    /// Local date, days since 1970-01-01.
    package var day: Int
    /// Its state.
    package var status: Status

    /// Memberwise initialiser.
    package init(day: Int, status: Status) {
        self.day = day
        self.status = status
    }

    /// Whether a period report counts the day as complete.
    package var complete: Bool { status == .complete || status == .empty }
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
