import Foundation
import TidemarkReports

/// One file in `Jobs/`: which reports to build, for which sites, how long to
/// wait after a window closes and how far back to look (Jobs/README.md).
package struct JobDefinition: Sendable, Equatable {
    /// Job name (the file name without `.yml` unless `name:` says otherwise).
    package var name: String
    /// What the job does.
    package var kind: JobKind
    /// Sites to report on; nil means the configured sites, or every site found in the regions.
    package var sites: [String]?
    /// Seconds to wait after a window ends before building it, so late events arrive.
    package var delaySeconds: Int64
    /// Seconds back from now within which missed or changed windows are (re)built.
    package var lookbackSeconds: Int64
    /// Output formats (json, csv, html); the manifest is always written.
    package var formats: [ReportFile]

    package init(
        name: String, kind: JobKind, sites: [String]? = nil, delaySeconds: Int64, lookbackSeconds: Int64,
        formats: [ReportFile] = [.json, .csv, .html]
    ) {
        self.name = name
        self.kind = kind
        self.sites = sites
        self.delaySeconds = delaySeconds
        self.lookbackSeconds = lookbackSeconds
        self.formats = formats
    }
}

/// What a job builds.
package enum JobKind: String, Sendable, Equatable {
    /// Daily reports.
    case daily
    /// Hourly reports.
    case hourly
    /// A repair pass over the regions.
    case repair
    /// ISO-week reports merged from daily partials (SPEC §4.3).
    case weekly
    /// Calendar-month reports merged from daily partials (SPEC §4.3).
    case monthly

    /// The report kind, for report jobs.
    package var reportKind: ReportKind? {
        switch self {
        case .daily: .daily
        case .hourly: .hourly
        case .weekly: .weekly
        case .monthly: .monthly
        case .repair: nil
        }
    }
}

/// `90s`, `30m`, `2h`, `7d` (or a bare number of seconds).
package enum DurationText {
    /// Seconds, or nil when the text is not a duration.
    package static func seconds(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let last = t.last else { return nil }
        let unit: Int64
        var digits = Substring(t)
        switch last {
        case "s": unit = 1
        case "m": unit = 60
        case "h": unit = 3600
        case "d": unit = 86_400
        default: unit = 1
        }
        if !last.isNumber { digits = digits.dropLast() }
        guard let n = Int64(digits), n >= 0 else { return nil }
        return n * unit
    }
}
