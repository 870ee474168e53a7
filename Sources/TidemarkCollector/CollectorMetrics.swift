import Synchronization
import TidemarkCore

/// The collector's counters and gauges, rendered in the Prometheus text
/// exposition format for `GET /metrics`. No label ever holds an IP, a user
/// agent or any other client-supplied text: reasons and routes are fixed sets.
package final class CollectorMetrics: Sendable {
    private struct Histogram {
        var buckets: [Int]
        var count = 0
        var sum = 0.0

        init(_ n: Int) { buckets = Array(repeating: 0, count: n) }
    }

    /// What the background loop last saw of the spool and the regions.
    package struct SpoolGauges: Sendable {
        /// Bytes of sealed segments in the spool.
        package var segmentBytes = 0
        /// Sealed segments in the spool.
        package var segments = 0
        /// Bytes of closed journal files awaiting sealing.
        package var closedJournalBytes = 0
        /// Per region: segments queued.
        package var queued: [String: Int] = [:]
        /// Per region: start (epoch s) of the hour of the oldest unshipped segment, or nil.
        package var oldestUnshippedSeconds: [String: Int64] = [:]
        /// Last published watermark (epoch ms), or nil.
        package var watermarkMillis: Int64?

        package init() {}
    }

    private struct State {
        var accepted = 0
        var rejected: [String: Int] = [:]
        var requests: [String: Int] = [:]
        var latency: [String: Histogram] = [:]
        var uploadErrors: [String: Int] = [:]
        var uploaded: [String: Int] = [:]
        var segmentsSealed = 0
        var gauges = SpoolGauges()
    }

    private static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    private let state = Mutex(State())
    private let regions: [String]

    /// Metrics for a collector shipping to `regions`.
    package init(regions: [String]) {
        self.regions = regions
    }

    /// Counts events taken into the journal.
    package func accepted(_ n: Int) {
        state.withLock { $0.accepted += n }
    }

    /// Counts events refused, by reason code.
    package func rejected(_ reason: String, count: Int = 1) {
        state.withLock { $0.rejected[reason, default: 0] += count }
    }

    /// Records one request's route, status and duration.
    package func request(route: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[route + "\u{0}" + String(status), default: 0] += 1
            var h = s.latency[route] ?? Histogram(Self.bounds.count)
            for (i, bound) in Self.bounds.enumerated() where seconds <= bound { h.buckets[i] += 1 }
            h.count += 1
            h.sum += seconds
            s.latency[route] = h
        }
    }

    /// Records a drain's per-region failures and deliveries.
    package func uploads(region: String, delivered: Int, failed: Bool) {
        state.withLock { s in
            s.uploaded[region, default: 0] += delivered
            if failed { s.uploadErrors[region, default: 0] += 1 }
        }
    }

    /// Counts segments sealed from the journal.
    package func sealed(_ n: Int) {
        state.withLock { $0.segmentsSealed += n }
    }

    /// Replaces the spool gauges.
    package func update(_ gauges: SpoolGauges) {
        state.withLock { $0.gauges = gauges }
    }

    /// The current spool gauges.
    package var gauges: SpoolGauges { state.withLock { $0.gauges } }

    /// Events accepted so far.
    package var acceptedCount: Int { state.withLock { $0.accepted } }

    /// The exposition text; `journal` adds the journal's own counters.
    package func render(journal: Journal.Snapshot) -> String {
        let s = state.withLock { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func sample(_ name: String, _ labels: [(String, String)] = [], _ value: String) {
            out += name
            if !labels.isEmpty {
                out += "{" + labels.map { "\($0.0)=\(Self.quote($0.1))" }.joined(separator: ",") + "}"
            }
            out += " " + value + "\n"
        }
        family("tidemark_events_accepted_total", "counter", "Events fsynced in the journal and acknowledged.")
        sample("tidemark_events_accepted_total", [], String(s.accepted))
        family("tidemark_events_rejected_total", "counter", "Events or requests refused, by reason.")
        for reason in s.rejected.keys.sorted() {
            sample("tidemark_events_rejected_total", [("reason", reason)], String(s.rejected[reason] ?? 0))
        }
        family("tidemark_http_requests_total", "counter", "HTTP requests by route and status.")
        for key in s.requests.keys.sorted() {
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            sample("tidemark_http_requests_total", [("route", parts[0]), ("status", parts.count > 1 ? parts[1] : "")],
                String(s.requests[key] ?? 0))
        }
        family("tidemark_http_request_duration_seconds", "histogram", "Request latency, acknowledgement included.")
        for route in s.latency.keys.sorted() {
            guard let h = s.latency[route] else { continue }
            for (i, bound) in Self.bounds.enumerated() {
                sample("tidemark_http_request_duration_seconds_bucket", [("route", route), ("le", Self.number(bound))],
                    String(h.buckets[i]))
            }
            sample("tidemark_http_request_duration_seconds_bucket", [("route", route), ("le", "+Inf")], String(h.count))
            sample("tidemark_http_request_duration_seconds_sum", [("route", route)], Self.number(h.sum))
            sample("tidemark_http_request_duration_seconds_count", [("route", route)], String(h.count))
        }
        family("tidemark_journal_commits_total", "counter", "Journal fsyncs; each acknowledges a group of requests.")
        sample("tidemark_journal_commits_total", [], String(journal.commits))
        family("tidemark_journal_appends_total", "counter", "Requests committed to the journal.")
        sample("tidemark_journal_appends_total", [], String(journal.appends))
        family("tidemark_journal_bytes", "gauge", "Journal bytes not yet sealed into segments.")
        sample("tidemark_journal_bytes", [], String(journal.currentBytes + s.gauges.closedJournalBytes))
        family("tidemark_segments_sealed_total", "counter", "Segments sealed from the journal into the spool.")
        sample("tidemark_segments_sealed_total", [], String(s.segmentsSealed))
        family("tidemark_spool_bytes", "gauge", "Bytes of sealed segments held in the spool.")
        sample("tidemark_spool_bytes", [], String(s.gauges.segmentBytes))
        family("tidemark_spool_segments", "gauge", "Sealed segments held in the spool.")
        sample("tidemark_spool_segments", [], String(s.gauges.segments))
        family("tidemark_region_queued_segments", "gauge", "Segments a region still lacks.")
        for r in regions { sample("tidemark_region_queued_segments", [("region", r)], String(s.gauges.queued[r] ?? 0)) }
        family(
            "tidemark_region_oldest_unshipped_segment_timestamp_seconds", "gauge",
            "Start of the hour of the oldest segment a region lacks (0 when none).")
        for r in regions {
            sample("tidemark_region_oldest_unshipped_segment_timestamp_seconds", [("region", r)],
                String(s.gauges.oldestUnshippedSeconds[r] ?? 0))
        }
        family("tidemark_region_upload_errors_total", "counter", "Drain rounds in which a region failed.")
        for r in regions { sample("tidemark_region_upload_errors_total", [("region", r)], String(s.uploadErrors[r] ?? 0)) }
        family("tidemark_region_segments_uploaded_total", "counter", "Segments delivered to a region.")
        for r in regions { sample("tidemark_region_segments_uploaded_total", [("region", r)], String(s.uploaded[r] ?? 0)) }
        family("tidemark_watermark_timestamp_seconds", "gauge", "Last published watermark (0 before the first).")
        sample("tidemark_watermark_timestamp_seconds", [], Self.number(Double(s.gauges.watermarkMillis ?? 0) / 1000))
        return out
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    private static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
