import TidemarkCore

/// The span a report covers: one UTC day or one UTC hour of one site.
///
/// Its identity is (kind, site, start); `identity` spells it as the window's
/// partition path, which is also where its files live under `reports/`.
package struct ReportWindow: Sendable, Hashable, Comparable {
    /// Daily or hourly.
    package var kind: ReportKind
    /// Site id.
    package var site: String
    /// The first hour of the window (hour 00 for a daily window; for a
    /// period, hour 00 of its first day's date).
    package var startHour: UTCHour
    /// Period windows only: the first instant (epoch seconds) of each of the
    /// period's days, then that of the day after the last (SPEC §4.3); empty
    /// for daily and hourly windows.
    package var dayStarts: [Int64] = []

    /// A daily window; `day` is days since the Unix epoch.
    package static func daily(site: String, day: Int) -> ReportWindow {
        ReportWindow(kind: .daily, site: site, startHour: UTCHour(day: day, hour: 0))
    }

    /// An hourly window.
    package static func hourly(site: String, hour: UTCHour) -> ReportWindow {
        ReportWindow(kind: .hourly, site: site, startHour: hour)
    }

    /// Memberwise initialiser; a daily window's `startHour` is moved to hour 00.
    package init(kind: ReportKind, site: String, startHour: UTCHour) {
        self.kind = kind
        self.site = site
        self.startHour = kind == .daily ? UTCHour(day: startHour.day, hour: 0) : startHour
    }

    /// The UTC day that holds the window.
    package var day: Int { startHour.day }
    /// Start in epoch seconds (inclusive).
    package var startSeconds: Int64 { dayStarts.first ?? startHour.startSeconds }
    /// End in epoch seconds (exclusive).
    package var endSeconds: Int64 { kind.isPeriod ? dayStarts.last ?? startSeconds : startSeconds + kind.lengthSeconds }
    /// Start in epoch milliseconds.
    package var startMillis: Int64 { startSeconds * 1000 }
    /// End in epoch milliseconds (exclusive).
    package var endMillis: Int64 { endSeconds * 1000 }
    /// The hours the window holds, in order.
    package var hours: [UTCHour] {
        (0..<Int64(kind.hourCount)).map { UTCHour(index: startHour.index + $0) }
    }

    /// Whether the window holds `hour`.
    package func contains(_ hour: UTCHour) -> Bool {
        hour.index >= startHour.index && hour.index < startHour.index + Int64(kind.hourCount)
    }

    /// `daily/site={site}/date={d}` or `hourly/site={site}/date={d}/hour={HH}`;
    /// for periods see `PeriodWindow.identity`.
    package var identity: String {
        if kind.isPeriod { return periodIdentity }
        let base = kind.rawValue + "/site=" + site + "/date=" + startHour.dateString
        return kind == .daily ? base : base + "/hour=" + startHour.hourString
    }

    /// The folder of the window's files, with a trailing `/`:
    /// `{prefix}/reports/{identity}/`, no leading `/` when `prefix` is empty.
    package func directory(prefix: String) -> String {
        (prefix.isEmpty ? "" : prefix + "/") + "reports/" + identity + "/"
    }

    /// The storage key of one of the window's files.
    package func key(prefix: String, file: ReportFile) -> String {
        directory(prefix: prefix) + file.fileName
    }

    /// Daily windows before hourly ones (then periods, in kind order), then
    /// by site (UTF-8 byte order), then start, then length.
    package static func < (a: ReportWindow, b: ReportWindow) -> Bool {
        if a.kind != b.kind { return a.kind.order < b.kind.order }
        if !a.site.utf8.elementsEqual(b.site.utf8) {
            return a.site.utf8.lexicographicallyPrecedes(b.site.utf8)
        }
        if a.startHour != b.startHour { return a.startHour < b.startHour }
        return a.dayStarts.count < b.dayStarts.count
    }
}

/// Whether a report covers a UTC day or a UTC hour.
package enum ReportKind: String, Sendable, Hashable, CaseIterable {
    /// One UTC day.
    case daily
    /// One UTC hour.
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

    /// Length of the window in seconds (a period's days come from its `dayStarts`).
    package var lengthSeconds: Int64 { self == .hourly ? 3600 : 86_400 }
    /// Number of UTC hours in the window.
    package var hourCount: Int { self == .hourly ? 1 : 24 }
    /// Number of `series` buckets: 24 hours or 12 five-minute spans.
    package var bucketCount: Int { self == .hourly ? 12 : 24 }
    /// Length of one `series` bucket in seconds.
    package var bucketSeconds: Int64 { self == .hourly ? 300 : 3600 }
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
        case .partial: "partial.json.gz"
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
