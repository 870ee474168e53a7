import TidemarkCore
import TidemarkReplication

/// Everything `tidemark status` shows, gathered once by ``StatusProbe``.
///
/// `tidemark status --json` is this value encoded (``json``): keys sorted,
/// `{"alerts":[…],"days":["2026-11-29",…],"jobs":[job records],"now":"…",
/// "regions":[{"bytes","error","lacks_bytes","lacks_segments","latency_ms",
/// "name","oldest_queued","queued_bytes","queued_segments","reachable",
/// "segments","unreachable_since"}],"sites":[{"site","time_zone"}],
/// "watermarks":[{"collector","site","watermark"}]}`; absent values are `null`.
package struct StatusSnapshot: Sendable, Encodable {
    /// One region's line.
    package struct Region: Sendable, Encodable {
        /// Configured name.
        package var name: String
        /// Whether it answered a listing.
        package var reachable: Bool
        /// How long that listing took (ms).
        package var latencyMs: Int
        /// Why it did not answer.
        package var error: String?
        /// Segments and bytes this region holds in the recent days.
        package var segments = 0
        package var bytes = 0
        /// Segments (and bytes) other regions hold that this one lacks.
        package var missingSegments = 0
        package var missingBytes = 0
        /// Hand-off queue for this region in the local spool.
        package var queued = 0
        package var queuedBytes = 0
        /// Key of the oldest queued segment.
        package var oldestQueued: String?
        /// Since when it has been unreachable, as seen by status runs on this host (epoch ms).
        package var unreachableSinceMillis: Int64?

        package init(name: String, reachable: Bool, latencyMs: Int) {
            self.name = name
            self.reachable = reachable
            self.latencyMs = latencyMs
        }

        enum CodingKeys: String, CodingKey {
            case name, reachable, segments, bytes, error
            case latencyMs = "latency_ms"
            case missingSegments = "lacks_segments"
            case missingBytes = "lacks_bytes"
            case queued = "queued_segments"
            case queuedBytes = "queued_bytes"
            case oldestQueued = "oldest_queued"
            case unreachableSinceMillis = "unreachable_since"
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(reachable, forKey: .reachable)
            try c.encode(latencyMs, forKey: .latencyMs)
            try c.encode(segments, forKey: .segments)
            try c.encode(bytes, forKey: .bytes)
            try c.encode(missingSegments, forKey: .missingSegments)
            try c.encode(missingBytes, forKey: .missingBytes)
            try c.encode(queued, forKey: .queued)
            try c.encode(queuedBytes, forKey: .queuedBytes)
            // Absent values are explicit nulls, as monitoring scripts expect every field.
            try c.encode(oldestQueued, forKey: .oldestQueued)
            try c.encode(unreachableSinceMillis.map(Timestamp.formatMillis), forKey: .unreachableSinceMillis)
            try c.encode(error, forKey: .error)
        }
    }

    /// A configured site and the zone it is reported in (SPEC §3.1).
    package struct Site: Sendable, Encodable {
        /// Site id.
        package var name: String
        /// Its zone.
        package var zone: SiteZone

        package init(name: String, zone: SiteZone) {
            self.name = name
            self.zone = zone
        }

        enum CodingKeys: String, CodingKey {
            case site
            case timeZone = "time_zone"
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .site)
            try c.encode(zone.identifier, forKey: .timeZone)
        }
    }

    /// When the snapshot was taken (epoch ms).
    package var nowMillis: Int64
    /// The UTC dates whose segments were counted, oldest first.
    package var days: [String]
    /// One entry per configured region, in configured order.
    package var regions: [Region] = []
    /// Every collector's watermark for every site.
    package var watermarks: [CollectorWatermark] = []
    /// Every job's last run.
    package var jobs: [JobRunRecord] = []
    /// Reasons a person should look, one line each; empty when all is well.
    package var alerts: [String] = []
    /// Configured sites and the zone each is reported in (SPEC §3.1).
    package var sites: [Site] = []

    package init(nowMillis: Int64, days: [String]) {
        self.nowMillis = nowMillis
        self.days = days
    }

    enum CodingKeys: String, CodingKey {
        case now, days, sites, regions, watermarks, jobs, alerts
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Timestamp.formatMillis(nowMillis), forKey: .now)
        try c.encode(days, forKey: .days)
        try c.encode(sites, forKey: .sites)
        try c.encode(regions, forKey: .regions)
        try c.encode(watermarks, forKey: .watermarks)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(alerts, forKey: .alerts)
    }

    /// The `--json` text: this value in ``StateJSON``'s form, without the final newline.
    package var json: String { String(decoding: StateJSON.encode(self).dropLast(), as: UTF8.self) }

    /// `ms` as `42s`, `5m`, `3h` or `2d` (rounded down).
    package static func duration(_ ms: Int64) -> String {
        let s = ms / 1000
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }
}
