import Testing
import TidemarkCollector

/// The shipping series follow a long catch-up segment by segment: each
/// delivery counts at once and lowers the region's queued gauge until the
/// next walk of the spool counts the queue again (docs/METRICS.md).
@Suite("Collector metrics: deliveries as they happen")
struct CollectorShippingMetricsTests {
    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test("each delivery lowers the queued gauge and counts an upload", arguments: [(3, 2), (1, 3), (0, 1)])
    func delivered(queued: Int, deliveries: Int) {
        let metrics = CollectorMetrics(regions: ["eu", "ap"])
        var gauges = CollectorMetrics.SpoolGauges()
        gauges.queued = ["eu": queued, "ap": 7]
        metrics.update(gauges)
        for _ in 0..<deliveries { metrics.delivered(region: "eu") }
        let text = metrics.render(journal: .init())
        #expect(Self.sample(text, #"tidemark_region_queued_segments{region="eu"}"#) == Double(max(0, queued - deliveries)))
        #expect(Self.sample(text, #"tidemark_region_segments_uploaded_total{region="eu"}"#) == Double(deliveries))
        #expect(Self.sample(text, #"tidemark_region_queued_segments{region="ap"}"#) == 7)
        #expect(Self.sample(text, #"tidemark_region_segments_uploaded_total{region="ap"}"#) == 0)
        #expect(metrics.gauges.queued["eu"] == max(0, queued - deliveries))
    }

    @Test("a failed drain counts an upload error for its region only")
    func failed() {
        let metrics = CollectorMetrics(regions: ["eu", "ap"])
        metrics.uploadFailed(region: "ap")
        let text = metrics.render(journal: .init())
        #expect(Self.sample(text, #"tidemark_region_upload_errors_total{region="ap"}"#) == 1)
        #expect(Self.sample(text, #"tidemark_region_upload_errors_total{region="eu"}"#) == 0)
    }

    @Test("journal commits are timed into their histogram")
    func commitDuration() {
        let metrics = CollectorMetrics(regions: ["eu"])
        metrics.journalCommitted(.milliseconds(3))
        metrics.journalCommitted(.milliseconds(40))
        let text = metrics.render(journal: .init())
        #expect(Self.sample(text, "tidemark_journal_commit_duration_seconds_count") == 2)
        #expect(Self.sample(text, #"tidemark_journal_commit_duration_seconds_bucket{le="0.005"}"#) == 1)
        #expect(Self.sample(text, #"tidemark_journal_commit_duration_seconds_bucket{le="0.05"}"#) == 2)
    }
}
