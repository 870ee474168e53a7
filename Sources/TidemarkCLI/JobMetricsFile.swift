import Prometheus
import TidemarkStore

/// `tidemark run --metrics-file PATH`: what each job of this run did, in the
/// Prometheus text format, for node-exporter's textfile collector on cron
/// hosts (docs/METRICS.md, "Job metrics"). Written atomically (temporary
/// file, fsync, rename), so a scrape never sees half a file.
struct JobMetricsFile {
    /// One job's outcome in this run.
    struct Run: Sendable {
        /// Job name.
        var job: String
        /// True when every window (or the repair) succeeded.
        var ok: Bool
        /// Windows built, unchanged, without data and failed (a repair counts its copies as built).
        var built = 0
        var unchanged = 0
        var empty = 0
        var failed = 0
        /// When the job finished (epoch ms).
        var finishedMillis: Int64
        /// How long it ran.
        var seconds: Double
    }

    /// The exposition text for `runs`.
    static func text(_ runs: [Run]) -> String {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ unit: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "tidemark", subsystem: "job", metricName: "last_run", unitName: unit, helpText: help),
                labels: labels)
        }
        for r in runs {
            let job = [("job", r.job)]
            gauge("timestamp_seconds", "When the job last finished, epoch seconds.", job)
                .set(to: Double(r.finishedMillis) / 1000)
            gauge("success", "1 when every window of the job's last run succeeded.", job).set(to: r.ok ? 1.0 : 0.0)
            gauge("duration_seconds", "How long the job's last run took.", job).set(to: r.seconds)
            for (outcome, n) in [("built", r.built), ("unchanged", r.unchanged), ("empty", r.empty), ("failed", r.failed)] {
                gauge("windows", "Windows of the job's last run by outcome.", job + [("outcome", outcome)])
                    .set(to: Double(n))
            }
        }
        return registry.emitToString()
    }

    /// Replaces `path` with the text for `runs`.
    static func write(_ runs: [Run], to path: String) throws {
        do {
            try DurableFiles.write(Array(text(runs).utf8), to: path)
        } catch {
            throw CLIError("--metrics-file \(path): \(error)")
        }
    }
}
