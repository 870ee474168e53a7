/// Calendar arithmetic on dates counted in days since 1970-01-01 (the local
/// dates of a site, SPEC §3.1): ISO weeks (Monday to Sunday, ISO 8601 week
/// numbering) and calendar months. Pure: no zone, no clock.
package enum PeriodCalendar {
    /// Monday of the ISO week holding `day` (1970-01-01 was a Thursday).
    package static func weekStart(containing day: Int) -> Int {
        day - Int(Timestamp.floorDivMod(Int64(day) + 3, 7).1)
    }

    /// The ISO week-numbering year and week (1...53) of `day`: the week
    /// belongs to the year that holds its Thursday.
    package static func isoWeek(of day: Int) -> (year: Int, week: Int) {
        let thursday = weekStart(containing: day) + 3
        let year = Timestamp.civilFromDays(thursday).0
        let firstOfYear = Timestamp.daysFromCivil(year: year, month: 1, day: 1)
        return (year, (thursday - firstOfYear) / 7 + 1)
    }

    /// `2026-W48` for any day of that ISO week.
    package static func weekLabel(_ day: Int) -> String {
        let (y, w) = isoWeek(of: day)
        return Timestamp.pad(y, 4) + "-W" + Timestamp.pad(w, 2)
    }

    /// The Monday of `YYYY-Www`; nil when the text is not such a week or the
    /// year has no such week.
    package static func parseWeek(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), parts[1].count == 3,
            parts[1].first == "W", let w = Int(parts[1].dropFirst()), w >= 1, w <= 53
        else { return nil }
        // Week 1 holds 4 January.
        let monday = weekStart(containing: Timestamp.daysFromCivil(year: y, month: 1, day: 4)) + (w - 1) * 7
        return isoWeek(of: monday) == (y, w) ? monday : nil
    }

    /// The first day of the calendar month holding `day`.
    package static func monthStart(containing day: Int) -> Int {
        let (y, m, _) = Timestamp.civilFromDays(day)
        return Timestamp.daysFromCivil(year: y, month: m, day: 1)
    }

    /// The last day of the calendar month holding `day`.
    package static func monthEnd(containing day: Int) -> Int {
        let (y, m, _) = Timestamp.civilFromDays(day)
        return Timestamp.daysFromCivil(year: y, month: m, day: Timestamp.daysInMonth(year: y, month: m))
    }

    /// `2026-11` for any day of that month.
    package static func monthLabel(_ day: Int) -> String {
        let (y, m, _) = Timestamp.civilFromDays(day)
        return Timestamp.pad(y, 4) + "-" + Timestamp.pad(m, 2)
    }

    /// The first day of `YYYY-MM`; nil when the text is not such a month.
    package static func parseMonth(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
            let m = Int(parts[1]), (1...12).contains(m)
        else { return nil }
        return Timestamp.daysFromCivil(year: y, month: m, day: 1)
    }
}
