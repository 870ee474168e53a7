import TidemarkCore

/// An inclusive range of a site's local days (SPEC §3.1, §4.3). A day is its
/// local calendar date counted as days since 1970-01-01, so day arithmetic is
/// calendar arithmetic whatever the zone.
package struct DayRange: Sendable, Hashable, CustomStringConvertible {
    /// First day (inclusive).
    package var from: Int
    /// Last day (inclusive).
    package var to: Int

    /// Memberwise initialiser; `from` must not be after `to`.
    package init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    /// Number of days, both ends included.
    package var count: Int { to - from + 1 }

    /// The range of the same length that ends the day before this one starts.
    package var previous: DayRange { DayRange(from: from - count, to: from - 1) }

    /// `2026-11-01..2026-11-30`.
    package var description: String { Timestamp.formatDay(from) + ".." + Timestamp.formatDay(to) }
}

/// The named periods of the dashboard and `period=` (docs/API.md): each ends
/// on a given local day (today by default) and starts where its name says.
package enum PeriodName: String, Sendable, CaseIterable {
    /// That one day.
    case day
    /// The 7 days ending on the day.
    case last7 = "7d"
    /// The 30 days ending on the day.
    case last30 = "30d"
    /// The calendar month of the day, from its first day to the day.
    case month
    /// The calendar year of the day, from 1 January to the day.
    case year

    /// The range this period covers when it ends on `day`.
    package func range(endingOn day: Int) -> DayRange {
        switch self {
        case .day: return DayRange(from: day, to: day)
        case .last7: return DayRange(from: day - 6, to: day)
        case .last30: return DayRange(from: day - 29, to: day)
        case .month, .year:
            let text = Timestamp.formatDay(day)
            let start = self == .month ? String(text.prefix(8)) + "01" : String(text.prefix(5)) + "01-01"
            return DayRange(from: Timestamp.parseDay(start) ?? day, to: day)
        }
    }
}
