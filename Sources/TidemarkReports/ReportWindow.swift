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
    /// The first hour of the window (hour 00 for a daily window).
    package var startHour: UTCHour

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
    package var startSeconds: Int64 { startHour.startSeconds }
    /// End in epoch seconds (exclusive).
    package var endSeconds: Int64 { startSeconds + kind.lengthSeconds }
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

    /// `daily/site={site}/date={d}` or `hourly/site={site}/date={d}/hour={HH}`.
    package var identity: String {
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

    /// Daily windows before hourly ones, then by site (UTF-8 byte order), then start.
    package static func < (a: ReportWindow, b: ReportWindow) -> Bool {
        if a.kind != b.kind { return a.kind == .daily }
        if !a.site.utf8.elementsEqual(b.site.utf8) {
            return a.site.utf8.lexicographicallyPrecedes(b.site.utf8)
        }
        return a.startHour < b.startHour
    }
}

/// Whether a report covers a UTC day or a UTC hour.
package enum ReportKind: String, Sendable, Hashable, CaseIterable {
    /// One UTC day.
    case daily
    /// One UTC hour.
    case hourly

    /// Length of the window in seconds.
    package var lengthSeconds: Int64 { self == .daily ? 86_400 : 3600 }
    /// Number of UTC hours in the window.
    package var hourCount: Int { self == .daily ? 24 : 1 }
    /// Number of `series` buckets: 24 hours or 12 five-minute spans.
    package var bucketCount: Int { self == .daily ? 24 : 12 }
    /// Length of one `series` bucket in seconds.
    package var bucketSeconds: Int64 { self == .daily ? 3600 : 300 }
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

    /// The file name inside the window's folder.
    package var fileName: String {
        switch self {
        case .json: "report.json"
        case .csv: "report.csv"
        case .html: "report.html"
        case .manifest: "manifest.json"
        }
    }

    /// The media type to store the object with.
    package var contentType: String {
        switch self {
        case .json, .manifest: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
    }
}
