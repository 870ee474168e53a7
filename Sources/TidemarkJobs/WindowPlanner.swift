import TidemarkCore
import TidemarkReports

/// Which report windows a job covers: pure functions of the job, the sites,
/// their zones and the time passed in. Days are each site's local days
/// (SPEC §3.1); a site missing from `zones` is reported in UTC.
package enum WindowPlanner {
    /// Windows of the job's kind that have ended at least `delay` before
    /// `now` and start no earlier than the window holding `now - lookback`,
    /// oldest first, per site. A site's local day is due once it has ended in
    /// its own zone, so sites in different zones finish at different UTC times.
    package static func due(
        job: JobDefinition, sites: [String], zones: [String: SiteZone] = [:], nowSeconds: Int64
    ) -> [ReportWindow] {
        guard let kind = job.kind.reportKind else { return [] }
        let earliest = nowSeconds - job.lookbackSeconds
        let latestEnd = nowSeconds - job.delaySeconds
        var out: [ReportWindow] = []
        for site in sites {
            let zone = zones[site] ?? .utc
            let firstDay = zone.localDay(atMillis: earliest * 1000)
            let lastDay = zone.localDay(atMillis: nowSeconds * 1000)
            guard firstDay <= lastDay else { continue }
            switch kind {
            case .daily:
                for day in firstDay...lastDay {
                    let w = ReportWindow.daily(site: site, day: day, zone: zone)
                    if w.endSeconds <= latestEnd { out.append(w) }
                }
            case .hourly:
                for day in firstDay...lastDay {
                    for w in ReportWindow.clockHours(site: site, day: day, zone: zone)
                    where w.endSeconds > earliest && w.endSeconds <= latestEnd {
                        out.append(w)
                    }
                }
            }
        }
        return out
    }

    /// Windows of `kind` for each site's local days `fromDay`...`toDay`
    /// (inclusive): the days themselves, or every local clock hour of them.
    package static func range(
        kind: ReportKind, sites: [String], zones: [String: SiteZone] = [:], fromDay: Int, toDay: Int
    ) -> [ReportWindow] {
        var out: [ReportWindow] = []
        for site in sites {
            let zone = zones[site] ?? .utc
            for day in fromDay...max(fromDay, toDay) {
                switch kind {
                case .daily: out.append(.daily(site: site, day: day, zone: zone))
                case .hourly: out += ReportWindow.clockHours(site: site, day: day, zone: zone)
                }
            }
        }
        return out
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
