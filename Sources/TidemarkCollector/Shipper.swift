import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TidemarkCore
import TidemarkReplication
import TidemarkStore

/// The collector's background work: closes journal files by age or size,
/// seals them into spool segments, drains each region's hand-off queue on its
/// own schedule with its own back-off (never giving up on acknowledged data,
/// and never letting a dead or hung region hold up the others), keeps the
/// spool gauges current and publishes watermarks. A `Service`: the
/// collector runs it, its `regionLoops` and the HTTP server in one
/// `ServiceGroup` (see `Collector`).
package final class Shipper: Service {
    private let settings: CollectorSettings
    private let journal: Journal
    private let spool: Spool
    private let sealer: JournalSealer
    private let drainer: HandoffDrainer
    private let watermarks: WatermarkPublisher
    private let sites: SiteRegistry
    private let metrics: CollectorMetrics
    private let logger: Logger
    private let state = Mutex(LoopState())

    private struct LoopState {
        /// Per region: when (monotonic ns) its latest drain that left its queue empty began.
        var cleanDrainStarted: [String: UInt64] = [:]
        /// Recent successful seals, oldest first (see `SealMark`).
        var sealMarks: [SealMark] = []
        var watermark: Int64?
        var publishedWatermark: Int64?
        var lastPublishMillis: Int64 = 0
        var lastGaugesMillis: Int64 = 0
        /// At least 1 s, and 20 times the last refresh's duration: with a
        /// region down for days the spool walk is long, and gauges must not
        /// cost more than a twentieth of a core.
        var gaugesIntervalMillis: Int64 = 1000
        /// Set when the final flush after a graceful shutdown finished within the grace period.
        var finalFlushFinished = false
        /// Per region: failed drains since its last clean one, and when (monotonic ns) one was last logged.
        var failedDrains: [String: Int] = [:]
        var lastFailureLogged: [String: UInt64] = [:]
    }

    /// A region that keeps failing is logged at most this often (its loop
    /// retries every few seconds; the metric counts every failure).
    static let failureLogIntervalNanos: UInt64 = 60_000_000_000

    /// A seal that had finished by `sealed` (monotonic ns) put into the spool
    /// everything received before `candidate` (epoch ms); once every region has
    /// since begun a drain that emptied its queue, `candidate` may be published
    /// as the watermark.
    private struct SealMark {
        var sealed: UInt64
        var candidate: Int64
    }

    /// Seconds between watermark publications while it advances.
    static let watermarkIntervalMillis: Int64 = 5000
    // Requests take their receive time before they reach the journal; a
    // watermark this far behind the journal covers those still in flight.
    static let inFlightMarginMillis: Int64 = 2000
    // Only the newest marks matter once a lagging region catches up.
    static let sealMarkLimit = 32

    package init(
        settings: CollectorSettings, journal: Journal, spool: Spool, regions: RegionSet, sites: SiteRegistry,
        metrics: CollectorMetrics, logger: Logger
    ) {
        self.settings = settings
        self.journal = journal
        self.spool = spool
        self.sealer = JournalSealer(prefix: settings.prefix, spool: spool)
        // One attempt per drain: each region's loop retries forever with back-off.
        self.drainer = HandoffDrainer(
            spool: spool, regions: regions, policy: RetryPolicy(maxAttempts: 1, initialDelayMs: 200, maxDelayMs: 1000),
            priority: .background, onDelivered: { metrics.delivered(region: $0) })
        self.watermarks = WatermarkPublisher(prefix: settings.prefix, collectorID: settings.collectorID, regions: regions)
        self.sites = sites
        self.metrics = metrics
        self.logger = logger
    }

    /// The `Service` body: the sealing loop and the watermark loop until a
    /// graceful shutdown (the HTTP server has stopped accepting by then: it
    /// comes later in the `ServiceGroup`, so it is shut down first); then the
    /// journal is closed, sealed and uploaded to every region at once, until
    /// done or until the group cancels it when the grace period ends, which
    /// aborts the uploads still in flight (they stay queued in the spool).
    /// Cancelled without a graceful shutdown, it stops at once: the journal
    /// is replayed at the next start.
    package func run() async throws {
        do {
            // Segments a crash left with no queue marker go to every region again.
            let spool = self.spool
            _ = try await spool.withDrainLock { try await BlockingIO.run(.background) { try spool.recoverOrphans() } }
        } catch {
            logger.error(
                "re-queueing orphaned segments failed (the next flush retries)", metadata: ["error": "\(error)"])
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.publishWatermarks() }
                group.addTask {
                    while !Task.isCancelled {
                        await self.tick(final: false)
                        try? await Task.sleep(for: .milliseconds(200))
                    }
                }
                // Its own loop: a long seal must not leave the gauges stale.
                group.addTask {
                    while !Task.isCancelled {
                        await self.refreshGaugesIfDue(final: false)
                        try? await Task.sleep(for: .milliseconds(200))
                    }
                }
            }
        }
        guard !Task.isCancelled else { return }
        logger.info(
            "stopping: sealing the journal and uploading within the grace period",
            metadata: ["seconds": .stringConvertible(settings.shutdownGraceSeconds)])
        await journal.close()
        await flushAll()
        if !Task.isCancelled { state.withLock { $0.finalFlushFinished = true } }
    }

    /// True once the final seal and upload after a graceful shutdown ran to
    /// the end within the grace period (what a region refused stays queued).
    package var finalFlushFinished: Bool { state.withLock { $0.finalFlushFinished } }

    /// The spool's gauges as last refreshed (the final flush refreshes them).
    package var queuedSegments: Int { metrics.gauges.queued.values.reduce(0, +) }

    /// Segments still queued per region, as last refreshed, for regions with any.
    package var queuedByRegion: [String: Int] { metrics.gauges.queued.filter { $0.value > 0 } }

    /// One `Service` per region: its upload loop, stopped at a graceful
    /// shutdown (the shipper's final flush then drains every region at once,
    /// so a hung region's loop holds up no other).
    package var regionLoops: [RegionShipper] {
        drainer.regions.names.map { RegionShipper(shipper: self, region: $0) }
    }

    /// Seals everything in the journal and uploads what the regions take;
    /// used at shutdown, after the loops have stopped (the service group
    /// bounds it by the grace period).
    package func flushAll() async {
        _ = await journal.rotate()
        await tick(final: true)
    }

    /// One region's shipping loop: drain, then wait 200 ms, or back off
    /// (up to 10 s) while the region keeps failing; ends when cancelled.
    func ship(_ region: String) async {
        var failures = 0
        while !Task.isCancelled {
            let clean = await drain(region)
            failures = clean ? 0 : failures + 1
            let pause = clean ? 200 : min(10_000, 500 << min(failures, 5))
            try? await Task.sleep(for: .milliseconds(pause))
        }
    }

    /// Drains `region` once; true when its queue was left empty.
    private func drain(_ region: String) async -> Bool {
        let started = Self.monotonicNanos()
        do {
            guard let result = try await drainer.drain(region: region) else { return false }
            // A drain cut short by shutdown says nothing about the region.
            if let error = result.lastError, !Task.isCancelled {
                metrics.uploadFailed(region: region)
                failed(region, error: error, queued: result.remaining)
            }
            let clean = result.remaining == 0 && result.lastError == nil
            if clean {
                let failures = state.withLock { s in
                    s.cleanDrainStarted[region] = started
                    s.lastFailureLogged[region] = nil
                    return s.failedDrains.removeValue(forKey: region) ?? 0
                }
                if failures > 0 {
                    logger.info(
                        "region caught up", metadata: ["region": "\(region)", "failed_drains": .stringConvertible(failures)])
                }
            }
            return clean
        } catch {
            if !Task.isCancelled { failed(region, error: "\(error)", queued: nil) }
            return false
        }
    }

    /// Logs a failed drain: the first of a run of failures at once, then at
    /// most once a minute per region, with how many failed since.
    private func failed(_ region: String, error: String, queued: Int?) {
        let now = Self.monotonicNanos()
        let failures: Int? = state.withLock { s in
            s.failedDrains[region, default: 0] += 1
            if let last = s.lastFailureLogged[region], now - last < Self.failureLogIntervalNanos { return nil }
            s.lastFailureLogged[region] = now
            return s.failedDrains[region]
        }
        guard let failures else { return }
        var metadata: Logger.Metadata = [
            "region": "\(region)", "failed_drains": .stringConvertible(failures), "error": "\(error)",
        ]
        if let queued { metadata["queued_segments"] = .stringConvertible(queued) }
        logger.warning("drain failed (will retry)", metadata: metadata)
    }

    /// Publishes the watermark whenever every region has caught up with a
    /// newer seal (at most every `watermarkIntervalMillis`).
    private func publishWatermarks() async {
        while !Task.isCancelled {
            if let candidate = shippedCandidate() { await publishWatermark(candidate, force: false) }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    private func tick(final: Bool) async {
        let started = Self.nowMillis()
        let before = journal.snapshot()
        let age = Double(started - before.currentOpenedAtMillis)
        if before.currentPath != nil, age >= settings.sealAgeSeconds * 1000 || before.currentBytes >= settings.sealBytes {
            await journal.rotate()
        }
        if await sealClosed() {
            // Everything received before `candidate` is now sealed and queued.
            let candidate = (before.currentPath == nil ? started : min(started, before.currentOpenedAtMillis))
                - Self.inFlightMarginMillis
            let mark = SealMark(sealed: Self.monotonicNanos(), candidate: candidate)
            state.withLock { s in
                s.sealMarks.append(mark)
                if s.sealMarks.count > Self.sealMarkLimit { s.sealMarks.removeFirst(s.sealMarks.count - Self.sealMarkLimit) }
            }
        }
        if final {
            await drainEveryRegion()
            if let candidate = shippedCandidate() { await publishWatermark(candidate, force: true) }
            await refreshGaugesIfDue(final: true)
        }
    }

    /// Walks the spool for the gauges when its interval has passed (always when `final`).
    private func refreshGaugesIfDue(final: Bool) async {
        let started = Self.nowMillis()
        let refresh = state.withLock { s in
            let due = final || started - s.lastGaugesMillis >= s.gaugesIntervalMillis
            if due { s.lastGaugesMillis = started }
            return due
        }
        guard refresh else { return }
        await refreshGauges()
        let took = Self.nowMillis() - started
        state.withLock { $0.gaugesIntervalMillis = max(1000, 20 * took) }
    }

    private func drainEveryRegion() async {
        await withTaskGroup(of: Void.self) { group in
            for region in drainer.regions.names {
                group.addTask { _ = await self.drain(region) }
            }
        }
    }

    /// The newest seal mark every region has shipped since, dropping the
    /// marks it covers; nil when some region has not caught up.
    private func shippedCandidate() -> Int64? {
        let regions = drainer.regions.names
        return state.withLock { s in
            var shippedSince = UInt64.max
            for region in regions {
                guard let clean = s.cleanDrainStarted[region] else { return nil }
                shippedSince = min(shippedSince, clean)
            }
            guard let last = s.sealMarks.lastIndex(where: { $0.sealed < shippedSince }) else { return nil }
            let candidate = s.sealMarks[last].candidate
            s.sealMarks.removeFirst(last + 1)
            return candidate
        }
    }

    private func sealClosed() async -> Bool {
        let journal = self.journal
        // Listing the journal directory is file-system work: never on an event loop.
        guard let files = try? await BlockingIO.run(.normal, { journal.closedFiles() }) else { return false }
        guard !files.isEmpty else { return true }
        let sealer = self.sealer
        do {
            // Normal priority, unlike the hand-off: sealing must keep up with
            // what the journal takes, or the spool limit refuses requests.
            let outcomes = try await spool.withDrainLock {
                try await BlockingIO.run { try files.map { try sealer.seal($0) } }
            }
            metrics.sealed(outcomes.reduce(0) { $0 + $1.segments })
            let skipped = outcomes.reduce(0) { $0 + $1.skippedLines }
            if skipped > 0 {
                logger.warning(
                    "journal: skipped torn lines that were never acknowledged", metadata: ["lines": .stringConvertible(skipped)])
            }
            return true
        } catch {
            logger.error("sealing the journal failed (will retry)", metadata: ["error": "\(error)"])
            return false
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
        let journal = self.journal
        let watermark = state.withLock { $0.publishedWatermark }
        // Normal priority: under load a background walk would leave the
        // gauges stale for long (the interval grows with its duration).
        let gauges = try? await BlockingIO.run {
            let closed = journal.closedFiles()
            var g = CollectorMetrics.SpoolGauges()
            for key in try spool.segmentKeys() {
                g.segments += 1
                g.segmentBytes += Self.fileSize(spool.root + "/segments/" + key)
            }
            for path in closed { g.closedJournalBytes += Self.fileSize(path) }
            for region in spool.regions {
                let keys = try spool.pending(for: region)
                g.queued[region] = keys.count
                let hours = keys.compactMap { SegmentKey(parsing: $0, prefix: BucketLayout.prefix(ofSegmentKey: $0)) }.map(\.hour)
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

    /// A clock that never goes back, for ordering seals and drains.
    static func monotonicNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Wall-clock time in epoch milliseconds.
    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// One region's upload loop as a `Service`: drains the region's hand-off
/// queue on its own schedule until a graceful shutdown or cancellation, which
/// aborts an upload in flight (it stays queued).
package struct RegionShipper: Service {
    /// The shipper whose loop this runs.
    let shipper: Shipper
    /// The region's name.
    package let region: String

    /// Runs the loop until a graceful shutdown or cancellation.
    package func run() async throws {
        let shipper = self.shipper
        let region = self.region
        await cancelWhenGracefulShutdown { await shipper.ship(region) }
    }
}
