import ArgumentParser
import Foundation
import TidemarkCore
import TidemarkJobs

/// `tidemark status`: regions, replication lag, spool backlog, watermarks, jobs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show regions (reachable, latency, what each lacks), the spool's backlog, watermarks and last job runs.",
        discussion: """
            Exits 0 when all is well and 2 when something needs a person: a region unreachable \
            for longer than --unreachable-after, spooled segments older than --queue-after still \
            undelivered, or a job failing --failed-runs times in a row.

            Example (monitoring):
              tidemark status --json | jq '.alerts'
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Recent days whose segments are counted per region (1 to 366).")
    var days: Int = 2

    @Option(name: .long, parsing: .unconditional, help: "Alert when a region has been unreachable this long (e.g. 10m).")
    var unreachableAfter: String = "10m"

    @Option(
        name: .long, parsing: .unconditional,
        help: "Alert when a spooled segment is still undelivered this long after its hour (e.g. 1h).")
    var queueAfter: String = "1h"

    @Option(name: .long, parsing: .unconditional, help: "Alert when a job failed this many runs in a row (1 or more).")
    var failedRuns: Int = 2

    /// Refuses counts below 1 and durations that are not durations.
    func validate() throws {
        try OptionChecks.positive(days, "days", max: 366)
        try OptionChecks.positive(failedRuns, "failed-runs")
        _ = try OptionChecks.duration(unreachableAfter, "unreachable-after")
        _ = try OptionChecks.duration(queueAfter, "queue-after")
    }

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let stores = try RegionFactory.stores(for: config)
        let unreachable = try OptionChecks.duration(unreachableAfter, "unreachable-after")
        let queue = try OptionChecks.duration(queueAfter, "queue-after")
        let snap = await StatusProbe.gather(
            config: config, stores: stores, days: days, nowMillis: Int64(Date().timeIntervalSince1970 * 1000),
            thresholds: .init(unreachableAfterMs: unreachable * 1000, queueAgeAfterMs: queue * 1000, failedRuns: failedRuns))
        say(json ? snap.json : StatusRender.table(snap))
        if !snap.alerts.isEmpty { throw ExitCode(2) }
    }
}

/// Renders a snapshot as a terminal table (`--json` is the snapshot encoded: `StatusSnapshot.json`).
enum StatusRender {
    static func table(_ s: StatusSnapshot) -> String {
        var out: [String] = []
        out.append("REGIONS (segments of \(s.days.joined(separator: ", ")))")
        var rows = [["REGION", "REACHABLE", "LATENCY", "SEGMENTS", "LACKS", "SPOOL QUEUE"]]
        for r in s.regions {
            rows.append([
                r.name, r.reachable ? "yes" : "NO", "\(r.latencyMs) ms", "\(r.segments) (\(mb(r.bytes)))",
                r.missingSegments == 0 ? "-" : "\(r.missingSegments) (\(mb(r.missingBytes)))",
                r.queued == 0 ? "-" : "\(r.queued) (\(mb(r.queuedBytes)))",
            ])
        }
        out += align(rows)
        for r in s.regions { if let e = r.error { out.append("  \(r.name): \(e)") } }
        out.append("")
        out.append("SITES")
        if s.sites.isEmpty {
            out.append("  any site id is accepted; reported in UTC")
        } else {
            var t = [["SITE", "TIME ZONE", "OFFSET NOW"]]
            for site in s.sites {
                let offset = site.zone.offset(atSeconds: s.nowMillis / 1000)
                t.append([site.name, site.zone.identifier, "UTC" + ZonedInstant.offsetText(offset)])
            }
            out += align(t)
        }
        if !s.watermarks.isEmpty {
            out.append("")
            out.append("WATERMARKS")
            var w = [["SITE", "COLLECTOR", "WATERMARK", "BEHIND"]]
            for m in s.watermarks {
                w.append([m.site, m.collector, Timestamp.formatMillis(m.millis), StatusSnapshot.duration(max(0, s.nowMillis - m.millis))])
            }
            out += align(w)
        }
        out.append("")
        out.append("JOBS")
        if s.jobs.isEmpty {
            out.append("  no runs recorded yet")
        } else {
            var j = [["JOB", "LAST RUN", "OUTCOME", "BUILT", "UNCHANGED", "FAILED"]]
            for r in s.jobs {
                j.append([
                    r.job, Timestamp.formatMillis(r.finishedMillis), r.ok ? "ok" : "FAILED ×\(r.consecutiveFailures)",
                    "\(r.built)", "\(r.unchanged)", "\(r.failed)",
                ])
            }
            out += align(j)
        }
        out.append("")
        out.append(s.alerts.isEmpty ? "all well" : "NEEDS ATTENTION:\n" + s.alerts.map { "  - " + $0 }.joined(separator: "\n"))
        return out.joined(separator: "\n")
    }

    static func mb(_ bytes: Int) -> String {
        bytes < 1_048_576 ? String(format: "%.0f KB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    static func align(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        var widths = first.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            "  " + r.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

extension StatusCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
