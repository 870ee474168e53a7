import CoreMetrics
import Prometheus
import Synchronization
import TidemarkCore
import TidemarkIngest

/// The collector's counters, gauges and request histogram, kept with
/// swift-metrics and exported by swift-prometheus for `GET /metrics`
/// (docs/METRICS.md lists every series). No label ever holds an IP, a user
/// agent or any other client-supplied text: reasons, routes, statuses and
/// regions are bounded sets.
///
/// Each collector has its own registry (not the process-wide metrics
/// system), so several collectors can run in one process (tests).
package final class CollectorMetrics: Sendable {
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

    /// The `route` label values: the collector's paths, and `other` for
    /// any path it does not serve (SPEC §6; docs/METRICS.md).
    package static let routes = ["/api/event", "/p.gif", "/healthz", "/metrics"]
    /// The `route` label of requests to any other path.
    package static let otherRoute = "other"
    /// The `reason` label values of `tidemark_events_rejected_total`: every
    /// ``IngestError`` reason, then the collector's own refusals. Derived, not
    /// listed, because `rejected(_:)` can only count a reason that has a series.
    package static let reasons = IngestError.reasons + ["body_too_large", "spool_full", "journal_unavailable"]
    /// Upper bounds of the request-duration histogram's buckets.
    static let bounds: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5),
    ]

    private struct Counts {
        var accepted = 0
        var gauges = SpoolGauges()
        /// Journal counters as last exported (they are read from the journal as totals).
        var journalCommits = 0
        var journalAppends = 0
    }

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let regions: [String]
    private let counts = Mutex(Counts())
    private let requests = Mutex<[String: CoreMetrics.Counter]>([:])

    private let acceptedTotal: CoreMetrics.Counter
    private let rejectedTotal: [String: CoreMetrics.Counter]
    private let durations: [String: CoreMetrics.Timer]
    private let journalCommits: CoreMetrics.Counter
    private let journalCommitDuration: CoreMetrics.Timer
    private let journalAppends: CoreMetrics.Counter
    private let journalBytes: CoreMetrics.Gauge
    private let sealedTotal: CoreMetrics.Counter
    private let spoolBytes: CoreMetrics.Gauge
    private let spoolSegments: CoreMetrics.Gauge
    private let queued: [String: CoreMetrics.Gauge]
    private let oldestUnshipped: [String: CoreMetrics.Gauge]
    private let uploadErrors: [String: CoreMetrics.Counter]
    private let uploaded: [String: CoreMetrics.Counter]
    private let watermark: CoreMetrics.Gauge

    /// Metrics for a collector shipping to `regions`; every series exists
    /// (at zero) from the start.
    package init(regions: [String]) {
        self.regions = regions
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "tidemark_http_request_duration_seconds": Self.bounds, "tidemark_journal_commit_duration_seconds": Self.bounds,
        ]
        self.factory = factory
        func counter(_ name: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Counter {
            CoreMetrics.Counter(label: name, dimensions: dimensions, factory: factory)
        }
        func gauge(_ name: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Gauge {
            CoreMetrics.Gauge(label: name, dimensions: dimensions, factory: factory)
        }
        func perRegion<M>(_ make: (String) -> M) -> [String: M] {
            Dictionary(uniqueKeysWithValues: regions.map { ($0, make($0)) })
        }
        acceptedTotal = counter("tidemark_events_accepted_total")
        rejectedTotal = Dictionary(
            uniqueKeysWithValues: Self.reasons.map { ($0, counter("tidemark_events_rejected_total", [("reason", $0)])) })
        durations = Dictionary(
            uniqueKeysWithValues: (Self.routes + [Self.otherRoute]).map { route in
                (route, CoreMetrics.Timer(
                    label: "tidemark_http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            })
        journalCommits = counter("tidemark_journal_commits_total")
        journalCommitDuration = CoreMetrics.Timer(label: "tidemark_journal_commit_duration_seconds", factory: factory)
        journalAppends = counter("tidemark_journal_appends_total")
        journalBytes = gauge("tidemark_journal_bytes")
        sealedTotal = counter("tidemark_segments_sealed_total")
        spoolBytes = gauge("tidemark_spool_bytes")
        spoolSegments = gauge("tidemark_spool_segments")
        queued = perRegion { gauge("tidemark_region_queued_segments", [("region", $0)]) }
        oldestUnshipped = perRegion {
            gauge("tidemark_region_oldest_unshipped_segment_timestamp_seconds", [("region", $0)])
        }
        uploadErrors = perRegion { counter("tidemark_region_upload_errors_total", [("region", $0)]) }
        uploaded = perRegion { counter("tidemark_region_segments_uploaded_total", [("region", $0)]) }
        watermark = gauge("tidemark_watermark_timestamp_seconds")
        for g in [journalBytes, spoolBytes, spoolSegments, watermark] + Array(queued.values) + Array(oldestUnshipped.values) {
            g.record(0)
        }
    }

    /// Counts events taken into the journal.
    package func accepted(_ n: Int) {
        counts.withLock { $0.accepted += n }
        acceptedTotal.increment(by: n)
    }

    /// Counts events refused, by reason code (one of `reasons`).
    package func rejected(_ reason: String, count: Int = 1) {
        rejectedTotal[reason]?.increment(by: count)
    }

    /// The `route` label for a request path.
    package static func route(path: String) -> String {
        routes.contains(path) ? path : otherRoute
    }

    /// Records one request's route (one of `routes` or `other`), status and duration.
    package func request(route: String, status: Int, duration: Duration) {
        let route = Self.routes.contains(route) ? route : Self.otherRoute
        let key = route + " " + String(status)
        let counter = requests.withLock { known in
            if let c = known[key] { return c }
            let c = CoreMetrics.Counter(
                label: "tidemark_http_requests_total", dimensions: [("route", route), ("status", String(status))],
                factory: factory)
            known[key] = c
            return c
        }
        counter.increment()
        durations[route]?.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Counts a drain of `region` that ended with a failure.
    package func uploadFailed(region: String) {
        uploadErrors[region]?.increment()
    }

    /// Counts one segment `region` confirmed, and takes it off the region's
    /// queued gauge until the next refresh counts the queue again.
    package func delivered(region: String) {
        uploaded[region]?.increment()
        let left = counts.withLock { c -> Int? in
            guard let n = c.gauges.queued[region] else { return nil }
            c.gauges.queued[region] = max(0, n - 1)
            return max(0, n - 1)
        }
        if let left { queued[region]?.record(left) }
    }

    /// Records how long one journal group commit (write and fsync) took.
    package func journalCommitted(_ duration: Duration) {
        journalCommitDuration.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Counts segments sealed from the journal.
    package func sealed(_ n: Int) {
        sealedTotal.increment(by: n)
    }

    /// Replaces the spool gauges.
    package func update(_ gauges: SpoolGauges) {
        counts.withLock { $0.gauges = gauges }
        spoolBytes.record(gauges.segmentBytes)
        spoolSegments.record(gauges.segments)
        for r in regions {
            queued[r]?.record(gauges.queued[r] ?? 0)
            oldestUnshipped[r]?.record(gauges.oldestUnshippedSeconds[r] ?? 0)
        }
        watermark.record(Double(gauges.watermarkMillis ?? 0) / 1000)
    }

    /// The current spool gauges.
    package var gauges: SpoolGauges { counts.withLock { $0.gauges } }

    /// Events accepted so far.
    package var acceptedCount: Int { counts.withLock { $0.accepted } }

    /// The exposition text; `journal` brings the journal's own counters up to date first.
    package func render(journal: Journal.Snapshot) -> String {
        let (commits, appends, closedBytes) = counts.withLock { c in
            let delta = (journal.commits - c.journalCommits, journal.appends - c.journalAppends)
            c.journalCommits = journal.commits
            c.journalAppends = journal.appends
            return (delta.0, delta.1, c.gauges.closedJournalBytes)
        }
        if commits > 0 { journalCommits.increment(by: commits) }
        if appends > 0 { journalAppends.increment(by: appends) }
        journalBytes.record(journal.currentBytes + closedBytes)
        return registry.emitToString()
    }
}
