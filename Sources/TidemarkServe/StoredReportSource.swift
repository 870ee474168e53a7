import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
import TidemarkStore

/// The real `PeriodReportSource`: the daily partials and reports stored in
/// the regions, read with failover through read-only stores, merged by
/// `PeriodMerger` and written by `ReportJSONWriter` exactly as `tidemark
/// report` writes them. Serve never builds a day (it never writes): a day
/// without a stored partial counts as zeros, complete only when it has no
/// segments and every watermark has passed it, as `tidemark report` would
/// find on building it.
///
/// Merged reports are cached by the SHA-256 digests of their partials, so a
/// repeated view costs one HEAD per day; decoded partials are cached by key
/// and digest.
package struct StoredReportSource: PeriodReportSource {
    /// Key prefix inside every bucket.
    let prefix: String
    /// The regions, read-only.
    let regions: RegionSet
    /// Configured sites and zones, in order; empty: every site with stored daily reports, in UTC.
    let configured: [(site: String, timeZone: String)]
    /// Each site's local days.
    let localDays: @Sendable (String) -> LocalDays
    /// How long a site listing is reused.
    let siteListSeconds: Int
    /// Partials read at once.
    let width: Int
    /// The current time in epoch milliseconds, for the completeness of days without a partial.
    let nowMillis: @Sendable () -> Int64

    private let reports = DigestCache<[UInt8]>(capacity: 256)
    private let partials = DigestCache<DailyPartial>(capacity: 1024)
    private let siteList: SiteListMemo

    /// A source over `stores` (wrapped read-only here).
    package init(
        prefix: String, stores: [any ObjectStore], configured: [(site: String, timeZone: String)],
        localDays: @escaping @Sendable (String) -> LocalDays, siteListSeconds: Int = 10, width: Int = 16,
        nowMillis: @escaping @Sendable () -> Int64
    ) {
        self.prefix = prefix
        regions = RegionSet(stores.map { ReadOnlyStore($0) })
        self.configured = configured
        self.localDays = localDays
        self.siteListSeconds = siteListSeconds
        self.width = width
        self.nowMillis = nowMillis
        siteList = SiteListMemo()
    }

    private var reads: RegionReads { RegionReads(regions: regions) }

    /// `{prefix}/reports/daily/`.
    private var dailyRoot: String { BucketLayout(prefix: prefix).reportKind(ReportKind.daily.rawValue) }

    package func sites() async throws -> [ServedSite] {
        if let memo = await siteList.value(maxAgeSeconds: siteListSeconds) { return memo }
        var entries = configured
        if entries.isEmpty {
            entries = try await reads.folders(dailyRoot).compactMap { folder in
                guard let site = BucketLayout.folderValue(folder, field: "site"), Validation.isSiteID(site) else { return nil }
                return (site, "UTC")
            }
        }
        var out: [ServedSite] = []
        for entry in entries {
            let siteRoot = BucketLayout(prefix: prefix).reportSite(kind: ReportKind.daily.rawValue, site: entry.site)
            let days = try await reads.folders(siteRoot).compactMap { folder in
                BucketLayout.folderValue(folder, field: "date").flatMap(Timestamp.parseDay)
            }
            out.append(ServedSite(site: entry.site, timeZone: entry.timeZone, firstDay: days.min(), lastDay: days.max()))
        }
        await siteList.store(out)
        return out
    }

    package func report(site: ServedSite, days: DayRange) async throws -> [UInt8] {
        let local = localDays(site.site)
        let window = ReportWindow.period(
            .range, site: site.site, firstDay: days.from, lastDay: days.to, zone: local.zone, dayStart: local.start(of:))
        let dayList = Array(days.from...days.to)
        let digests = try await digests(site: site.site, days: dayList)
        let unbuilt = zip(dayList, digests).filter { $0.1 == nil }.map(\.0)
        let runner = JobRunner(prefix: prefix, regions: regions, localDir: nil, nowMillis: nowMillis())
        let unbuiltComplete = try await runner.unbuiltDaysComplete(site: site.site, days: unbuilt, zone: local.zone)
        let cacheKey = site.site + "|" + site.timeZone + "|" + days.description + "|"
            + zip(dayList, digests).map { day, digest in digest ?? (unbuiltComplete[day] == true ? "+" : "-") }
            .joined(separator: ",")
        if let cached = await reports.value(cacheKey) { return cached }

        var merger = try PeriodMerger(window: window)
        let reader = PartialReader(prefix: prefix, regions: regions)
        var i = 0
        while i < dayList.count {
            let chunk = Array(i..<min(dayList.count, i + width))
            let found = try await withThrowingTaskGroup(of: Indexed<DailyPartial?>.self) { group in
                for j in chunk {
                    group.addTask {
                        Indexed(j, try await partial(site: site.site, day: dayList[j], zone: local.zone, digest: digests[j], reader: reader))
                    }
                }
                var out: [Indexed<DailyPartial?>] = []
                for try await r in group { out.append(r) }
                return out.sorted { $0.index < $1.index }
            }
            for f in found { if let p = f.value { try merger.add(p) } }
            i += chunk.count
        }
        for day in merger.missingDays { try merger.addEmptyDay(day, complete: unbuiltComplete[day] ?? false) }
        let bytes = ReportJSONWriter.bytes(merger.finish())
        await reports.store(cacheKey, bytes)
        return bytes
    }

    package func dailyReport(site: ServedSite, day: Int) async throws -> [UInt8]? {
        try await reads.object(ReportWindow.daily(site: site.site, day: day).key(prefix: prefix, file: .json))
    }

    package func dayStates(site: ServedSite, days: DayRange) async throws -> [DayState] {
        let zone = localDays(site.site).zone
        let now = nowMillis()
        let dayList = Array(days.from...days.to)
        // A day that has not ended (today in the site's zone) is in progress, whatever is stored for it;
        // days end in order, so the ended ones come first.
        let ended = dayList.filter {
            SiteWatermarks.hasEnded(ReportWindow.daily(site: site.site, day: $0, zone: zone), nowMillis: now)
        }
        let digests = try await digests(site: site.site, days: ended)
        let runner = JobRunner(prefix: prefix, regions: regions, localDir: nil, nowMillis: now)
        let unbuilt = try await runner.unbuiltDays(
            site: site.site, days: zip(ended, digests).filter { $0.1 == nil }.map(\.0), zone: zone)
        let reader = PartialReader(prefix: prefix, regions: regions)
        var out: [DayState] = []
        for (day, digest) in zip(ended, digests) {
            let stored: DailyPartial?
            do {
                stored = try await partial(site: site.site, day: day, zone: zone, digest: digest, reader: reader)
            } catch let error as ServeError where error.isZoneMismatch {
                // Built in another zone: out of date, `run` rebuilds it (SPEC §3.1); not complete until then.
                out.append(DayState(day: day, status: .missing))
                continue
            }
            if let partial = stored {
                out.append(DayState(day: day, status: partial.complete ? .complete : .partial))
            } else if let u = unbuilt[day], u.complete {
                out.append(DayState(day: day, status: .empty))
            } else {
                out.append(DayState(day: day, status: .missing))
            }
        }
        for day in dayList.dropFirst(ended.count) { out.append(DayState(day: day, status: .inProgress)) }
        return out
    }

    /// The stored partial digest of each day (nil: none stored), `width` HEADs at a time.
    private func digests(site: String, days: [Int]) async throws -> [String?] {
        var out = [String?](repeating: nil, count: days.count)
        var i = 0
        while i < days.count {
            let chunk = Array(i..<min(days.count, i + width))
            try await withThrowingTaskGroup(of: Indexed<String?>.self) { group in
                for j in chunk {
                    let key = ReportWindow.daily(site: site, day: days[j]).key(prefix: prefix, file: .partial)
                    group.addTask { Indexed(j, try await reads.digest(key)) }
                }
                for try await r in group { out[r.index] = r.value }
            }
            i += chunk.count
        }
        return out
    }

    /// One day's partial, in the site's `zone`: from the cache when its
    /// digest is known, else read with failover (and cached under the digest
    /// it was read with). A partial built in another zone is refused (409).
    private func partial(
        site: String, day: Int, zone: SiteZone, digest: String?, reader: PartialReader
    ) async throws -> DailyPartial? {
        guard let digest else { return nil }
        let key = ReportWindow.daily(site: site, day: day, zone: zone).key(prefix: prefix, file: .partial)
        // The zone is part of the cache key: a cached partial was checked against it.
        if let cached = await partials.value(key + "|" + zone.identifier + "|" + digest) { return cached }
        let read: PartialReader.Read?
        do {
            read = try await reader.read(site: site, day: day, zone: zone)
        } catch let error as JobsError where error.kind == .zoneMismatch {
            throw ServeError.zoneMismatch(
                "the daily report of \(site) for \(Timestamp.formatDay(day)) was built in another time zone than "
                    + "the configured \(zone.identifier); rebuild it: tidemark backfill --job daily --from "
                    + "\(Timestamp.formatDay(day)) --to \(Timestamp.formatDay(day)) --site \(site)")
        }
        guard let read else { return nil }
        await partials.store(key + "|" + zone.identifier + "|" + read.sha256, read.partial)
        return read.partial
    }
}

/// The last site listing and when it was made.
private actor SiteListMemo {
    private var sites: [ServedSite]?
    private var at = ContinuousClock.now

    func value(maxAgeSeconds: Int) -> [ServedSite]? {
        guard let sites, ContinuousClock.now - at < .seconds(maxAgeSeconds) else { return nil }
        return sites
    }

    func store(_ sites: [ServedSite]) {
        self.sites = sites
        at = .now
    }
}
