/// Where everything Tidemark writes lives in a bucket: the one place that
/// spells the layout (SPEC §2, §3, §4) and the `{prefix}` rule.
///
/// Every key starts with `root`: `{prefix}/`, or nothing when the prefix is
/// empty (never a leading `/`). Below it:
///
/// | object | key |
/// |---|---|
/// | segment (§2) | `events/site={site}/date={YYYY-MM-DD}/hour={HH}/{segment-id}.ndjson.gz` |
/// | daily report (§4) | `reports/daily/site={site}/date={local date}/{file}` |
/// | hourly report | `reports/hourly/site={site}/date={UTC date}/hour={UTC HH}/{file}` |
/// | weekly report (§4.3) | `reports/weekly/site={site}/week={YYYY-Www}/{file}` |
/// | monthly report | `reports/monthly/site={site}/month={YYYY-MM}/{file}` |
/// | range report | `reports/range/site={site}/from={D}/to={D}/{file}` |
/// | daily partial (§4.3) | `reports/daily/site={site}/date={local date}/partial.json.gz` |
/// | watermark (§3) | `watermarks/site={site}/collector={id}.json` |
/// | job record | `state/jobs/{job}.json` |
/// | repair hint | `state/repair-hints/{first 32 hex of SHA-256 of the damaged key}.json` |
///
/// `{file}` is `report.json`, `report.csv`, `report.html`, `manifest.json`
/// or (daily only) `partial.json.gz`. Folder names below `site=` are
/// `name=value` pairs (Hive style), read back with ``folderValue(_:field:)``.
package struct BucketLayout: Sendable, Hashable {
    /// Key prefix inside every bucket (configuration `prefix`); may be empty.
    package let prefix: String

    /// The layout under `prefix`.
    package init(prefix: String) { self.prefix = prefix }

    /// `{prefix}/`, or `""` when the prefix is empty.
    package var root: String { prefix.isEmpty ? "" : prefix + "/" }

    /// `key` without `root`; nil when the key is not under it.
    package func relative(_ key: String) -> Substring? {
        key.hasPrefix(root) ? key.dropFirst(root.count) : nil
    }

    // MARK: Segments (SPEC §2)

    /// `{prefix}/events/`.
    package var events: String { root + "events/" }

    /// `{prefix}/events/site={site}/`.
    package func eventSite(_ site: String) -> String { events + "site=" + site + "/" }

    /// `{prefix}/events/site={site}/date={YYYY-MM-DD}/` (UTC date, days since 1970).
    package func eventDay(site: String, day: Int) -> String {
        eventSite(site) + "date=" + Timestamp.formatDay(day) + "/"
    }

    /// `{prefix}/events/site={site}/date={d}/hour={HH}/`.
    package func eventHour(site: String, hour: UTCHour) -> String {
        eventDay(site: site, day: hour.day) + "hour=" + hour.hourString + "/"
    }

    /// `{prefix}/events/site={site}/date={d}/hour={HH}/{segment-id}.ndjson.gz`.
    package func segment(site: String, hour: UTCHour, segmentID: String) -> String {
        eventHour(site: site, hour: hour) + segmentID + Self.segmentSuffix
    }

    /// The file name ending of every segment.
    package static let segmentSuffix = ".ndjson.gz"

    /// The prefix a segment key was written under: everything before its
    /// `events/` folder (empty for a key that starts with it).
    package static func prefix(ofSegmentKey key: String) -> String {
        if key.hasPrefix("events/") { return "" }
        guard let range = key.range(of: "/events/") else { return "" }
        return String(key[key.startIndex..<range.lowerBound])
    }

    // MARK: Reports (SPEC §4, §4.3)

    /// `{prefix}/reports/`.
    package var reports: String { root + "reports/" }

    /// `{prefix}/reports/{kind}/`, `kind` one of daily, hourly, weekly,
    /// monthly, range.
    package func reportKind(_ kind: String) -> String { reports + kind + "/" }

    /// `{prefix}/reports/{kind}/site={site}/`.
    package func reportSite(kind: String, site: String) -> String { reportKind(kind) + "site=" + site + "/" }

    /// `{prefix}/reports/{kind}/site={site}/date={d}/`: a daily window's
    /// folder, or the folder of an hourly day's windows (`d` the UTC date).
    package func reportDay(kind: String, site: String, day: Int) -> String {
        reportSite(kind: kind, site: site) + "date=" + Timestamp.formatDay(day) + "/"
    }

    /// `{prefix}/reports/{identity}/`: the folder of one report window.
    package func reportFolder(_ window: ReportFolder) -> String { reports + window.identity + "/" }

    /// `{prefix}/reports/{identity}/{file}`.
    package func reportFile(_ window: ReportFolder, file: String) -> String { reportFolder(window) + file }

    /// `{prefix}/reports/daily/site={site}/date={d}/partial.json.gz`: a
    /// local day's exact partial results (Schemas/partial.v1.md).
    package func partial(site: String, day: Int) -> String {
        reportFile(.daily(site: site, day: day), file: Self.partialFile)
    }

    /// The file name of a daily partial.
    package static let partialFile = "partial.json.gz"

    // MARK: Watermarks (SPEC §3)

    /// `{prefix}/watermarks/`.
    package var watermarks: String { root + "watermarks/" }

    /// `{prefix}/watermarks/site={site}/`.
    package func watermarkSite(_ site: String) -> String { watermarks + "site=" + site + "/" }

    /// `{prefix}/watermarks/site={site}/collector={id}.json`.
    package func watermark(site: String, collector: String) -> String {
        watermarkSite(site) + "collector=" + collector + ".json"
    }

    // MARK: State

    /// `{prefix}/state/`: job records, repair hints and whatever else jobs keep.
    package var state: String { root + "state/" }

    /// `{prefix}/state/jobs/`.
    package var jobRecords: String { state + "jobs/" }

    /// `{prefix}/state/jobs/{job}.json`.
    package func jobRecord(job: String) -> String { jobRecords + job + ".json" }

    /// `{prefix}/state/repair-hints/`.
    package var repairHints: String { state + "repair-hints/" }

    /// `{prefix}/state/repair-hints/{name}.json`; `name` is the first 32 hex
    /// digits of the SHA-256 of the damaged key (hashing is the caller's:
    /// this module has no digest).
    package func repairHint(name: String) -> String { repairHints + name + ".json" }

    /// The folders of small state objects repair makes equal across regions:
    /// `{prefix}/state/` and `{prefix}/watermarks/`.
    package var stateRoots: [String] { [state, watermarks] }

    // MARK: Reading folder names

    /// The value of a Hive-style folder name: `site=a.com/`, `site=a.com`
    /// or `…/site=a.com/` with `field` `site` give `a.com`; nil when the last
    /// path component is not `{field}=…`.
    package static func folderValue(_ folder: some StringProtocol, field: String) -> String? {
        let name = String(folder).split(separator: "/").last.map(String.init) ?? ""
        let head = field + "="
        guard name.hasPrefix(head) else { return nil }
        return String(name.dropFirst(head.count))
    }
}

/// One report window's folder below `{prefix}/reports/` (SPEC §4, §4.3).
package enum ReportFolder: Sendable, Hashable {
    /// `daily/site={site}/date={local date}`.
    case daily(site: String, day: Int)
    /// `hourly/site={site}/date={UTC date}/hour={UTC HH}` of the window's start.
    case hourly(site: String, hour: UTCHour)
    /// `weekly/site={site}/week={YYYY-Www}`, `monday` any day of the ISO week.
    case weekly(site: String, monday: Int)
    /// `monthly/site={site}/month={YYYY-MM}`, `first` any day of the month.
    case monthly(site: String, first: Int)
    /// `range/site={site}/from={D}/to={D}`, both inclusive.
    case range(site: String, from: Int, to: Int)

    /// The folder path below `{prefix}/reports/`, without slashes at the ends.
    package var identity: String {
        switch self {
        case .daily(let site, let day): "daily/site=" + site + "/date=" + Timestamp.formatDay(day)
        case .hourly(let site, let hour): "hourly/site=" + site + "/date=" + hour.dateString + "/hour=" + hour.hourString
        case .weekly(let site, let monday): "weekly/site=" + site + "/week=" + PeriodCalendar.weekLabel(monday)
        case .monthly(let site, let first): "monthly/site=" + site + "/month=" + PeriodCalendar.monthLabel(first)
        case .range(let site, let from, let to):
            "range/site=" + site + "/from=" + Timestamp.formatDay(from) + "/to=" + Timestamp.formatDay(to)
        }
    }

    /// The local days a partition folder name below a site covers:
    /// `date=D/`, `week=YYYY-Www/` or `month=YYYY-MM/` (first and last day);
    /// nil for any other name.
    package static func days(ofPartition name: String) -> (first: Int, last: Int)? {
        if let v = BucketLayout.folderValue(name, field: "date"), let d = Timestamp.parseDay(v) { return (d, d) }
        if let v = BucketLayout.folderValue(name, field: "week"), let monday = PeriodCalendar.parseWeek(v) {
            return (monday, monday + 6)
        }
        if let v = BucketLayout.folderValue(name, field: "month"), let first = PeriodCalendar.parseMonth(v) {
            return (first, PeriodCalendar.monthEnd(containing: first))
        }
        return nil
    }
}
