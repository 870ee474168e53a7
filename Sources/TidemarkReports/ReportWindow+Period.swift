import TidemarkCore

extension ReportWindow {
    /// A period window (weekly, monthly or range) over the local dates
    /// `firstDay...lastDay` of `site` in `zone`. `dayStart` gives the first
    /// instant (epoch seconds) of a local date in the site's zone (SPEC §3.1);
    /// it is asked for every day of the period and the day after the last.
    package static func period(
        _ kind: ReportKind, site: String, firstDay: Int, lastDay: Int, zone: SiteZone = .utc,
        dayStart: (Int) -> Int64
    ) -> ReportWindow {
        let starts = (firstDay...max(firstDay, lastDay) + 1).map(dayStart)
        var w = ReportWindow(
            kind: kind, site: site, zone: zone, day: firstDay, start: zone.instant(starts[0]),
            end: zone.instant(starts[starts.count - 1]), dayStartSeconds: starts[0])
        w.dayStarts = starts
        return w
    }

    /// The ISO week holding `day`.
    package static func weekly(
        site: String, containing day: Int, zone: SiteZone = .utc, dayStart: (Int) -> Int64
    ) -> ReportWindow {
        let monday = PeriodCalendar.weekStart(containing: day)
        return period(.weekly, site: site, firstDay: monday, lastDay: monday + 6, zone: zone, dayStart: dayStart)
    }

    /// The calendar month holding `day`.
    package static func monthly(
        site: String, containing day: Int, zone: SiteZone = .utc, dayStart: (Int) -> Int64
    ) -> ReportWindow {
        period(
            .monthly, site: site, firstDay: PeriodCalendar.monthStart(containing: day),
            lastDay: PeriodCalendar.monthEnd(containing: day), zone: zone, dayStart: dayStart)
    }

    /// Local days in a period window (1 for daily and hourly windows).
    package var dayCount: Int { kind.isPeriod ? max(1, dayStarts.count - 1) : 1 }

    /// The local dates of the window, in order (days since the epoch).
    package var days: ClosedRange<Int> { day...(day + dayCount - 1) }

    /// The last local date of the window.
    package var lastDay: Int { day + dayCount - 1 }
}
