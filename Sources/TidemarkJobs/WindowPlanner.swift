import TidemarkCore
import TidemarkReports

/// Which report windows a job covers: pure functions of the job, the sites,
/// their zones and the time passed in. Days are each site's local days
/// (SPEC §3.1), given by `days` (or a `zones` table; a site missing there is
/// reported in UTC).
package enum WindowPlanner {
    /// Windows of the job's kind that have ended at least `delay` before
    /// `now` and start no earlier than the window holding `now - lookback`,
    /// oldest first, per site. A site's local day is due once it has ended in
    /// its own zone, so sites in different zones finish at different UTC times.
    package static func due(
        job: JobDefinition, sites: [String], nowSeconds: Int64, days: (String) -> LocalDays = { _ in LocalDays() }
    ) -> [ReportWindow] {
        guard let kind = job.kind.reportKind else { return [] }
        if kind.isPeriod { return duePeriods(kind: kind, job: job, sites: sites, nowSeconds: nowSeconds, days: days) }
        let earliest = nowSeconds - job.lookbackSeconds
        let latestEnd = nowSeconds - job.delaySeconds
        var out: [ReportWindow] = []
        for site in sites {
            let zone = days(site).zone
            let firstDay = zone.localDay(atMillis: earliest * 1000)
            let lastDay = zone.localDay(atMillis: nowSeconds * 1000)
            guard firstDay <= lastDay else { continue }
            for day in firstDay...lastDay {
                if kind == .daily {
                    let w = ReportWindow.daily(site: site, day: day, zone: zone)
                    if w.endSeconds <= latestEnd { out.append(w) }
                } else {
                    for w in ReportWindow.clockHours(site: site, day: day, zone: zone)
                    where w.endSeconds > earliest && w.endSeconds <= latestEnd {
                        out.append(w)
                    }
                }
            }
        }
        return out
    }

    /// `due` with each site's zone from `zones` (UTC when missing).
    package static func due(
        job: JobDefinition, sites: [String], zones: [String: SiteZone], nowSeconds: Int64
    ) -> [ReportWindow] {
        due(job: job, sites: sites, nowSeconds: nowSeconds) { LocalDays(zone: zones[$0] ?? .utc) }
    }

    /// Weekly or monthly windows that ended at least `delay` before now in
    /// the site's zone and end within `lookback` of it, oldest first, per site.
    static func duePeriods(
        kind: ReportKind, job: JobDefinition, sites: [String], nowSeconds: Int64, days: (String) -> LocalDays
    ) -> [ReportWindow] {
        var out: [ReportWindow] = []
        for site in sites {
            let local = days(site)
            let oldest = local.day(containing: nowSeconds - job.lookbackSeconds)
            var period = self.period(kind, site: site, containing: oldest, local)
            var found: [ReportWindow] = []
            while period.endSeconds + job.delaySeconds <= nowSeconds {
                if period.endSeconds > nowSeconds - job.lookbackSeconds { found.append(period) }
                period = self.period(kind, site: site, containing: period.lastDay + 1, local)
            }
            out += found
        }
        return out
    }

    /// The weekly or monthly window of `site` holding local date `day`.
    package static func period(_ kind: ReportKind, site: String, containing day: Int, _ local: LocalDays) -> ReportWindow {
        kind == .weekly
            ? .weekly(site: site, containing: day, zone: local.zone, dayStart: local.start(of:))
            : .monthly(site: site, containing: day, zone: local.zone, dayStart: local.start(of:))
    }

    /// Windows of `kind` for each site's local days `fromDay`...`toDay`
    /// (inclusive): the days themselves, every local clock hour of them, or
    /// for weekly and monthly every period that holds one of those days.
    package static func range(
        kind: ReportKind, sites: [String], fromDay: Int, toDay: Int, days: (String) -> LocalDays = { _ in LocalDays() }
    ) -> [ReportWindow] {
        var out: [ReportWindow] = []
        if kind.isPeriod {
            for site in sites {
                var period = period(kind, site: site, containing: fromDay, days(site))
                while period.day <= toDay {
                    out.append(period)
                    period = self.period(kind, site: site, containing: period.lastDay + 1, days(site))
                }
            }
            return out
        }
        for site in sites {
            let zone = days(site).zone
            for day in fromDay...max(fromDay, toDay) {
                switch kind {
                case .daily: out.append(.daily(site: site, day: day, zone: zone))
                case .hourly: out += ReportWindow.clockHours(site: site, day: day, zone: zone)
                case .weekly, .monthly, .range: break
                }
            }
        }
        return out
    }

    /// `range` with each site's zone from `zones` (UTC when missing).
    package static func range(
        kind: ReportKind, sites: [String], zones: [String: SiteZone], fromDay: Int, toDay: Int
    ) -> [ReportWindow] {
        range(kind: kind, sites: sites, fromDay: fromDay, toDay: toDay) { LocalDays(zone: zones[$0] ?? .utc) }
    }
}

/// `--shard K/N`: a stable split of windows across hosts with no coordination.
package struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This host's share, 1...count.
    package var index: Int
    /// Number of shards.
    package var count: Int

    /// Parses `K/N` with 1 ≤ K ≤ N.
    package init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            return nil
        }
        index = k
        count = n
    }

    package var description: String { "\(index)/\(count)" }

    /// Whether this shard owns `window`: FNV-1a of its identity, so every host
    /// agrees whatever its build or platform.
    package func owns(_ window: ReportWindow) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in window.identity.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}
