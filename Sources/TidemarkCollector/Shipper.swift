import Foundation
import Synchronization
import TidemarkCore
import TidemarkReplication
import TidemarkStore

/// The collector's background work: closes journal files by age or size,
/// seals them into spool segments, drains the hand-off queues to every region
/// with back-off (never giving up on acknowledged data), keeps the spool
/// gauges current and publishes watermarks.
package final class Shipper: Sendable {
    private let settings: CollectorSettings
    private let journal: Journal
    private let spool: Spool
    private let sealer: JournalSealer
    private let drainer: HandoffDrainer
    private let watermarks: WatermarkPublisher
    private let sites: SiteRegistry
    private let metrics: CollectorMetrics
    private let log: @Sendable (String) -> Void
    private let state = Mutex(LoopState())

    private struct LoopState {
        var nextDrainMillis: Int64 = 0
        var failedDrains = 0
        var watermark: Int64?
        var publishedWatermark: Int64?
        var lastPublishMillis: Int64 = 0
        var lastGaugesMillis: Int64 = 0
    }

    /// Seconds between watermark publications while it advances.
    static let watermarkIntervalMillis: Int64 = 5000
    // Requests take their receive time before they reach the journal; a
    // watermark this far behind the journal covers those still in flight.
    static let inFlightMarginMillis: Int64 = 2000

    package init(
        settings: CollectorSettings, journal: Journal, spool: Spool, regions: RegionSet, sites: SiteRegistry,
        metrics: CollectorMetrics, log: @escaping @Sendable (String) -> Void
    ) {
        self.settings = settings
        self.journal = journal
        self.spool = spool
        self.sealer = JournalSealer(prefix: settings.prefix, spool: spool)
        // One attempt per drain: the loop itself retries forever with back-off.
        self.drainer = HandoffDrainer(
            spool: spool, regions: regions, policy: RetryPolicy(maxAttempts: 1, initialDelayMs: 200, maxDelayMs: 1000))
        self.watermarks = WatermarkPublisher(prefix: settings.prefix, collectorID: settings.collectorID, regions: regions)
        self.sites = sites
        self.metrics = metrics
        self.log = log
    }

    /// Runs until the task is cancelled.
    package func run() async {
        while !Task.isCancelled {
            await tick(final: false)
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Seals everything in the journal and uploads what the regions take;
    /// used at shutdown (the caller bounds it by the grace period).
    package func flushAll() async {
        _ = await journal.rotate()
        await tick(final: true)
    }

    private func tick(final: Bool) async {
        let started = Self.nowMillis()
        let before = journal.snapshot()
        let age = Double(started - before.currentOpenedAtMillis)
        if before.currentPath != nil, age >= settings.sealAgeSeconds * 1000 || before.currentBytes >= settings.sealBytes {
            await journal.rotate()
        }
        let sealedAll = await sealClosed()
        let due = state.withLock { final || started >= $0.nextDrainMillis }
        var drained = false
        if due, let report = await drain() {
            drained = report.behind.isEmpty
            state.withLock { s in
                if drained {
                    s.failedDrains = 0
                    s.nextDrainMillis = 0
                } else {
                    s.failedDrains += 1
                    let backoff = min(10_000, 500 << min(s.failedDrains, 5))
                    s.nextDrainMillis = Self.nowMillis() + Int64(backoff)
                }
            }
        }
        if drained && sealedAll {
            // Everything received before `candidate` is sealed and in every region.
            let candidate = (before.currentPath == nil ? started : min(started, before.currentOpenedAtMillis))
                - Self.inFlightMarginMillis
            await publishWatermark(candidate, force: final)
        }
        let refresh = state.withLock { s in
            let due = final || started - s.lastGaugesMillis >= 1000
            if due { s.lastGaugesMillis = started }
            return due
        }
        if refresh { await refreshGauges() }
    }

    private func sealClosed() async -> Bool {
        let files = journal.closedFiles()
        guard !files.isEmpty else { return true }
        let sealer = self.sealer
        do {
            let outcomes = try await spool.withDrainLock {
                try await BlockingIO.run { try files.map { try sealer.seal($0) } }
            }
            metrics.sealed(outcomes.reduce(0) { $0 + $1.segments })
            let skipped = outcomes.reduce(0) { $0 + $1.skippedLines }
            if skipped > 0 { log("journal: skipped \(skipped) torn line(s) that were never acknowledged") }
            return true
        } catch {
            log("sealing the journal failed (will retry): \(error)")
            return false
        }
    }

    private func drain() async -> DrainReport? {
        do {
            let report = try await drainer.drain()
            for r in report.regions {
                metrics.uploads(region: r.region, delivered: r.delivered, failed: r.lastError != nil)
            }
            return report
        } catch {
            log("drain failed (will retry): \(error)")
            return nil
        }
    }

    private func publishWatermark(_ candidate: Int64, force: Bool) async {
        let now = Self.nowMillis()
        let next: Int64? = state.withLock { s in
            let value = max(candidate, s.watermark ?? candidate)
            s.watermark = value
            guard value != s.publishedWatermark, force || now - s.lastPublishMillis >= Self.watermarkIntervalMillis
            else { return nil }
            s.lastPublishMillis = now
            return value
        }
        guard let next else { return }
        let siteList = sites.sites
        guard !siteList.isEmpty else { return }
        if await watermarks.publish(millis: next, sites: siteList) {
            state.withLock { $0.publishedWatermark = next }
            var gauges = metrics.gauges
            gauges.watermarkMillis = next
            metrics.update(gauges)
        }
    }

    private func refreshGauges() async {
        let spool = self.spool
        let closed = journal.closedFiles()
        let watermark = state.withLock { $0.publishedWatermark }
        let gauges = try? await BlockingIO.run {
            var g = CollectorMetrics.SpoolGauges()
            for key in try spool.segmentKeys() {
                g.segments += 1
                g.segmentBytes += Self.fileSize(spool.root + "/segments/" + key)
            }
            for path in closed { g.closedJournalBytes += Self.fileSize(path) }
            for region in spool.regions {
                let keys = try spool.pending(for: region)
                g.queued[region] = keys.count
                let hours = keys.compactMap { SegmentKey(parsing: $0, prefix: SegmentKeyPrefix.of($0)) }.map(\.hour)
                if let oldest = hours.min() { g.oldestUnshippedSeconds[region] = oldest.startSeconds }
            }
            g.watermarkMillis = watermark
            return g
        }
        if let gauges { metrics.update(gauges) }
    }

    /// Size of a file in bytes, 0 when it is gone.
    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Wall-clock time in epoch milliseconds.
    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// The prefix of a segment key: everything before `/events/` (or empty).
enum SegmentKeyPrefix {
    /// The prefix `key` was written under.
    static func of(_ key: String) -> String {
        if key.hasPrefix("events/") { return "" }
        guard let range = key.range(of: "/events/") else { return "" }
        return String(key[key.startIndex..<range.lowerBound])
    }
}
