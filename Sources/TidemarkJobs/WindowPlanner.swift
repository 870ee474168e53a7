import TidemarkCore
import TidemarkReports

/// Which report windows a job covers: pure functions of the job, the sites
/// and the time passed in.
package enum WindowPlanner {
    /// Windows of `kind` that have closed at least `delay` before `now` and
    /// start within `lookback` of it, oldest first, per site.
    package static func due(
        job: JobDefinition, sites: [String], nowSeconds: Int64, days: (String) -> LocalDays = { _ in LocalDays() }
    ) -> [ReportWindow] {
        guard let kind = job.kind.reportKind else { return [] }
        if kind.isPeriod { return duePeriods(kind: kind, job: job, sites: sites, nowSeconds: nowSeconds, days: days) }
        let length = kind.lengthSeconds
        // The newest window whose end + delay has passed.
        let lastEnd = Timestamp.floorDivMod(nowSeconds - job.delaySeconds, length).0 * length
        let firstStart = Timestamp.floorDivMod(nowSeconds - job.lookbackSeconds, length).0 * length
        guard lastEnd > firstStart else { return [] }
        var out: [ReportWindow] = []
        for site in sites {
            var start = firstStart
            while start + length <= lastEnd {
                out.append(window(kind: kind, site: site, startSeconds: start))
                start += length
            }
        }
        return out
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
            ? .weekly(site: site, containing: day, dayStart: local.start(of:))
            : .monthly(site: site, containing: day, dayStart: local.start(of:))
    }

    /// Windows of `kind` for the days `fromDay`...`toDay` (inclusive); for
    /// weekly and monthly, every period that holds one of those days.
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
            for day in fromDay...max(fromDay, toDay) {
                switch kind {
                case .daily: out.append(.daily(site: site, day: day))
                case .hourly:
                    for h in 0..<24 { out.append(.hourly(site: site, hour: UTCHour(day: day, hour: h))) }
                case .weekly, .monthly, .range: break
                }
            }
        }
        return out
    }

    static func window(kind: ReportKind, site: String, startSeconds: Int64) -> ReportWindow {
        let hour = UTCHour(index: Timestamp.floorDivMod(startSeconds, 3600).0)
        return kind == .daily ? .daily(site: site, day: hour.day) : .hourly(site: site, hour: hour)
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
