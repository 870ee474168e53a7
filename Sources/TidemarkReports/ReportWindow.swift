import TidemarkCore

/// The span a report covers (SPEC §3.1, §4): one local day or one local
/// clock hour of one site, in the site's zone (UTC for a site without one).
///
/// A daily window runs from the first instant of its local date to that of
/// the next (23, 24 or 25 hours); an hourly window from one instant where
/// the local clock shows `HH:00` to the next. Segments stay UTC-hour
/// partitions: a window reads the partitions it overlaps and owns those
/// whose first instant it holds. Its identity spells its partition path,
/// which is also where its files live under `reports/`: the local date for a
/// daily window, the UTC date and hour of the start for an hourly one (so the
/// repeated hour on the day clocks go back has a key of its own).
package struct ReportWindow: Sendable, Hashable, Comparable {
    /// Daily or hourly.
    package var kind: ReportKind
    /// Site id.
    package var site: String
    /// The zone the window is cut in.
    package var zone: SiteZone
    /// The local date (days since the Unix epoch) the window belongs to.
    package var day: Int
    /// First instant (inclusive).
    package var start: ZonedInstant
    /// End (exclusive): the next window's first instant.
    package var end: ZonedInstant
    /// First instant of the local day `day`: visits never reach back past it.
    package var dayStartSeconds: Int64
    /// Period windows only: the first instant (epoch seconds) of each of the
    /// period's days, then that of the day after the last (SPEC §4.3); empty
    /// for daily and hourly windows.
    package var dayStarts: [Int64] = []

    /// The daily window of local date `day` (days since the Unix epoch) in `zone`.
    package static func daily(site: String, day: Int, zone: SiteZone = .utc) -> ReportWindow {
        let (s, e) = zone.dayBounds(day)
        return ReportWindow(
            kind: .daily, site: site, zone: zone, day: day, start: zone.instant(s), end: zone.instant(e),
            dayStartSeconds: s)
    }

    /// The hourly window of UTC hour `hour` of a UTC site.
    package static func hourly(site: String, hour: UTCHour) -> ReportWindow {
        let s = hour.startSeconds
        return ReportWindow(
            kind: .hourly, site: site, zone: .utc, day: hour.day, start: ZonedInstant(seconds: s, offset: 0),
            end: ZonedInstant(seconds: s + 3600, offset: 0), dayStartSeconds: Int64(hour.day) * 86_400)
    }

    /// The local clock hour of `zone` that holds the instant `seconds`.
    package static func hourly(site: String, containing seconds: Int64, zone: SiteZone) -> ReportWindow {
        let day = zone.localDay(atMillis: seconds * 1000)
        let hours = clockHours(site: site, day: day, zone: zone)
        return hours.last { $0.startSeconds <= seconds } ?? hours[0]
    }

    /// Every local clock hour of local date `day` in `zone`, in order: 24, or
    /// 23 / 25 on DST days.
    package static func clockHours(site: String, day: Int, zone: SiteZone) -> [ReportWindow] {
        let (s, e) = zone.dayBounds(day)
        let starts = zone.clockHours(from: s, to: e)
        return starts.indices.map { i in
            ReportWindow(
                kind: .hourly, site: site, zone: zone, day: day, start: starts[i],
                end: i + 1 < starts.count ? starts[i + 1] : zone.instant(e), dayStartSeconds: s)
        }
    }

    /// A UTC window of `kind` starting in `startHour` (a daily one starts at
    /// hour 00 of its day; a period one is the single day of `startHour`).
    package init(kind: ReportKind, site: String, startHour: UTCHour) {
        switch kind {
        case .daily: self = .daily(site: site, day: startHour.day)
        case .hourly: self = .hourly(site: site, hour: startHour)
        case .weekly, .monthly, .range:
            self = .period(kind, site: site, firstDay: startHour.day, lastDay: startHour.day) { Int64($0) * 86_400 }
        }
    }

    init(
        kind: ReportKind, site: String, zone: SiteZone, day: Int, start: ZonedInstant, end: ZonedInstant,
        dayStartSeconds: Int64
    ) {
        self.kind = kind
        self.site = site
        self.zone = zone
        self.day = day
        self.start = start
        self.end = end
        self.dayStartSeconds = dayStartSeconds
    }

    /// The UTC hour holding the window's start; an hourly window's key.
    package var startHour: UTCHour { UTCHour(index: Timestamp.floorDivMod(start.seconds, 3600).0) }
    /// Start in epoch seconds (inclusive).
    package var startSeconds: Int64 { start.seconds }
    /// End in epoch seconds (exclusive).
    package var endSeconds: Int64 { end.seconds }
    /// Start in epoch milliseconds.
    package var startMillis: Int64 { start.seconds * 1000 }
    /// End in epoch milliseconds (exclusive).
    package var endMillis: Int64 { end.seconds * 1000 }
    /// Length in seconds: 3600 × 23, 24 or 25 for a daily window around DST.
    package var lengthSeconds: Int64 { end.seconds - start.seconds }

    /// The UTC-hour partitions the window overlaps, in order.
    package var hours: [UTCHour] { Self.hours(from: startSeconds, to: endSeconds) }

    /// The partitions the window owns (SPEC §4.1 rule 10): those whose first
    /// instant it holds. Consecutive windows own each partition exactly once.
    package var ownedHours: [UTCHour] {
        let first = Timestamp.floorDivMod(startSeconds + 3599, 3600).0
        let last = Timestamp.floorDivMod(endSeconds + 3599, 3600).0
        return (first..<max(first, last)).map { UTCHour(index: $0) }
    }

    /// Whether the window owns partition `hour`.
    package func owns(_ hour: UTCHour) -> Bool {
        hour.startSeconds >= startSeconds && hour.startSeconds < endSeconds
    }

    /// Whether the window overlaps partition `hour`.
    package func contains(_ hour: UTCHour) -> Bool {
        hour.startSeconds < endSeconds && hour.startSeconds + 3600 > startSeconds
    }

    /// Where an hourly window looks back to find whether a visit continues
    /// into it: 1800 s before its start (SPEC §4.1 rule 5), never before its
    /// local day; a daily window's start, as visits never cross local midnight.
    package var lookbackStartMillis: Int64 {
        kind == .daily ? startMillis : max(dayStartSeconds * 1000, startMillis - 1_800_000)
    }

    /// The partitions holding the lookback span before the window, in order
    /// (empty for daily windows).
    package var lookbackHours: [UTCHour] {
        let from = Timestamp.floorDivMod(lookbackStartMillis, 1000).0
        return Self.hours(from: from, to: startSeconds).filter { !contains($0) }
    }

    /// The partitions a build reads: lookback ones, then the overlapped ones.
    package var readHours: [UTCHour] { lookbackHours + hours }

    private static func hours(from: Int64, to: Int64) -> [UTCHour] {
        guard to > from else { return [] }
        let first = Timestamp.floorDivMod(from, 3600).0
        let last = Timestamp.floorDivMod(to - 1, 3600).0
        return (first...last).map { UTCHour(index: $0) }
    }

    /// The starts of the window's `series` buckets (SPEC §4.2, §4.3): every
    /// local clock hour of a daily window, five-minute steps of an hourly
    /// one, the first instant of each day of a period.
    package var bucketStarts: [ZonedInstant] {
        switch kind {
        case .daily: return zone.clockHours(from: startSeconds, to: endSeconds)
        case .weekly, .monthly, .range: return dayStarts.dropLast().map { zone.instant($0) }
        case .hourly:
            return stride(from: startSeconds, to: endSeconds, by: Int(ReportKind.hourly.bucketSeconds)).map {
                zone.isUTC ? ZonedInstant(seconds: $0, offset: 0) : zone.instant($0)
            }
        }
    }

    /// The window before this one: the previous local day, or the clock hour
    /// that ends where this one starts (a period's own `previous` is the
    /// period builder's business; here it is the day before its first).
    package var previous: ReportWindow {
        switch kind {
        case .daily, .weekly, .monthly, .range: return .daily(site: site, day: day - 1, zone: zone)
        case .hourly:
            return zone.isUTC
                ? .hourly(site: site, hour: UTCHour(index: startHour.index - 1))
                : .hourly(site: site, containing: startSeconds - 1, zone: zone)
        }
    }

    /// `daily/site={site}/date={local date}` or
    /// `hourly/site={site}/date={UTC date}/hour={UTC HH}` of the start; for
    /// periods see ``ReportFolder``.
    package var identity: String { folder.identity }

    /// The window's folder in the bucket layout (``BucketLayout``).
    package var folder: ReportFolder {
        switch kind {
        case .daily: .daily(site: site, day: day)
        case .hourly: .hourly(site: site, hour: startHour)
        case .weekly: .weekly(site: site, monday: day)
        case .monthly: .monthly(site: site, first: day)
        case .range: .range(site: site, from: day, to: lastDay)
        }
    }

    /// The folder of the window's files, with a trailing `/`:
    /// `{prefix}/reports/{identity}/`, no leading `/` when `prefix` is empty.
    package func directory(prefix: String) -> String {
        BucketLayout(prefix: prefix).reportFolder(folder)
    }

    /// The storage key of one of the window's files.
    package func key(prefix: String, file: ReportFile) -> String {
        BucketLayout(prefix: prefix).reportFile(folder, file: file.fileName)
    }

    /// Daily windows before hourly ones (then periods, in kind order), then
    /// by site (UTF-8 byte order), then start, then length.
    package static func < (a: ReportWindow, b: ReportWindow) -> Bool {
        if a.kind != b.kind { return a.kind.order < b.kind.order }
        if !a.site.utf8.elementsEqual(b.site.utf8) {
            return a.site.utf8.lexicographicallyPrecedes(b.site.utf8)
        }
        if a.startSeconds != b.startSeconds { return a.startSeconds < b.startSeconds }
        return a.dayStarts.count < b.dayStarts.count
    }
}

/// Whether a report covers a local day, a local clock hour or a period of
/// local days.
package enum ReportKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// One local day.
    case daily
    /// One local clock hour.
    case hourly
    /// An ISO week of local days, Monday to Sunday (SPEC §4.3).
    case weekly
    /// A calendar month of local days.
    case monthly
    /// Any run of local days (`tidemark report --from --to`).
    case range

    /// Whether the window is a period of whole days merged from daily partials.
    package var isPeriod: Bool { self == .weekly || self == .monthly || self == .range }

    /// Sort order: daily, hourly, weekly, monthly, range.
    var order: Int {
        switch self {
        case .daily: 0
        case .hourly: 1
        case .weekly: 2
        case .monthly: 3
        case .range: 4
        }
    }

    /// Length of one `series` bucket in seconds: a clock hour (daily; 3600
    /// in every zone that shifts by whole hours), five minutes (hourly), a
    /// day (periods; 86 400 in UTC).
    package var bucketSeconds: Int64 {
        switch self {
        case .daily: 3600
        case .hourly: 300
        case .weekly, .monthly, .range: 86_400
        }
    }
}

/// One of the files stored for a report window.
package enum ReportFile: String, Sendable, Hashable, CaseIterable {
    /// `report.json`.
    case json
    /// `report.csv`.
    case csv
    /// `report.html`.
    case html
    /// `manifest.json`.
    case manifest
    /// `partial.json.gz`: a daily window's exact partial results (`DailyPartial`).
    case partial

    /// The file name inside the window's folder.
    package var fileName: String {
        switch self {
        case .json: "report.json"
        case .csv: "report.csv"
        case .html: "report.html"
        case .manifest: "manifest.json"
        case .partial: BucketLayout.partialFile
        }
    }

    /// Whether the file is a report format a job may list (json, csv, html).
    package var isFormat: Bool { self == .json || self == .csv || self == .html }

    /// The media type to store the object with.
    package var contentType: String {
        switch self {
        case .json, .manifest: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .partial: "application/gzip"
        }
    }
}
