import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// A window's input segments, as listed in the regions.
package struct WindowInputs: Sendable, Equatable {
    /// The report window.
    package var window: ReportWindow
    /// The window's own segments, in key order.
    package var segments: [SegmentKey]
    /// The previous hour's segments (hourly windows after 00 only), in key order.
    package var lookback: [SegmentKey]

    package init(window: ReportWindow, segments: [SegmentKey], lookback: [SegmentKey]) {
        self.window = window
        self.segments = segments.sorted()
        self.lookback = lookback.sorted()
    }
}

/// A report built from its inputs, with the files to store.
package struct BuiltWindow: Sendable {
    /// The report.
    package var report: Report
    /// Its manifest.
    package var manifest: ReportManifest
    /// The day's partial for period reports (daily windows only); its
    /// `manifestSHA256` is filled in when the manifest is written.
    package var partial: DailyPartial?
    /// Compressed bytes read.
    package var bytesRead: Int
    /// Valid events read in the window's own partition.
    package var eventsRead: Int
}

/// Reads a window's segments, `width` at a time, and feeds the report engine
/// hour by hour, so memory holds about one hour of events.
struct WindowBuilder: Sendable {
    let loader: SegmentLoader
    let width: Int

    func build(_ inputs: WindowInputs, complete: Bool, onBytes: @escaping @Sendable (Int) -> Void) async throws
        -> BuiltWindow
    {
        let window = inputs.window
        var manifestSegments: [ManifestSegment] = []
        var counts = ReaderCounts(segments: inputs.segments.count, eventsRead: 0, invalidLines: 0)
        var bytes = 0
        switch window.kind {
        case .daily:
            var builder = DailyReportBuilder(site: window.site, day: window.day)
            var currentHour: UTCHour?
            var hourSegments: [SegmentRows] = []
            try await forEachLoaded(inputs.segments, onBytes: onBytes) { key, loaded in
                if let h = currentHour, h != key.hour {
                    try builder.addHour(h, segments: hourSegments)
                    hourSegments.removeAll()
                }
                currentHour = key.hour
                hourSegments.append(loaded.rows)
                manifestSegments.append(ManifestSegment(key: loaded.key, sha256: loaded.sha256))
                counts.eventsRead += loaded.eventsRead
                counts.invalidLines += loaded.invalidLines
                bytes += loaded.bytes
            }
            if let h = currentHour { try builder.addHour(h, segments: hourSegments) }
            let (report, partial) = builder.finishWithPartial(reader: counts, complete: complete)
            return BuiltWindow(
                report: report, manifest: ReportManifest(window: window, segments: manifestSegments, complete: complete),
                partial: partial, bytesRead: bytes, eventsRead: counts.eventsRead)
        case .hourly:
            var lookback: [SegmentRows] = []
            var lookbackManifest: [ManifestSegment] = []
            try await forEachLoaded(inputs.lookback, onBytes: onBytes) { _, loaded in
                // Only the last 30 minutes of the previous hour matter; the engine skips the rest.
                lookback.append(loaded.rows)
                lookbackManifest.append(ManifestSegment(key: loaded.key, sha256: loaded.sha256))
                bytes += loaded.bytes
            }
            var segments: [SegmentRows] = []
            try await forEachLoaded(inputs.segments, onBytes: onBytes) { _, loaded in
                segments.append(loaded.rows)
                manifestSegments.append(ManifestSegment(key: loaded.key, sha256: loaded.sha256))
                counts.eventsRead += loaded.eventsRead
                counts.invalidLines += loaded.invalidLines
                bytes += loaded.bytes
            }
            let report = HourlyReportBuilder.build(
                window: window, segments: segments, lookback: lookback, reader: counts, complete: complete)
            return BuiltWindow(
                report: report,
                manifest: ReportManifest(
                    window: window, segments: manifestSegments, lookback: lookbackManifest, complete: complete),
                partial: nil, bytesRead: bytes, eventsRead: counts.eventsRead)
        case .weekly, .monthly, .range:
            throw JobsError("window \(window.identity): periods are merged from daily partials, not built from segments")
        }
    }

    /// Loads `keys` with up to `width` in flight and hands them to `body` in
    /// key order, the order that decides which duplicate wins.
    private func forEachLoaded(
        _ keys: [SegmentKey], onBytes: @escaping @Sendable (Int) -> Void,
        _ body: (SegmentKey, LoadedSegment) throws -> Void
    ) async throws {
        guard !keys.isEmpty else { return }
        try await withThrowingTaskGroup(of: Indexed<LoadedSegment>.self) { group in
            var next = 0
            var inFlight = 0
            var ready: [Int: LoadedSegment] = [:]
            var emitted = 0
            func topUp() {
                // Bound loaded-but-unconsumed segments as well as downloads;
                // room for about two hours of segments, so parsing goes on
                // while the consumer aggregates an hour.
                while next < keys.count, inFlight < 3 * width, ready.count + inFlight < 6 * width {
                    let i = next
                    let key = keys[i]
                    next += 1
                    inFlight += 1
                    // Below the consumer's priority, so aggregation is never
                    // queued behind parsing on the two-thread pool.
                    group.addTask(priority: .low) {
                        let loaded = try await loader.load(key)
                        onBytes(loaded.bytes)
                        return Indexed(i, loaded)
                    }
                }
            }
            topUp()
            while let done = try await group.next() {
                inFlight -= 1
                ready[done.index] = done.value
                while let l = ready.removeValue(forKey: emitted) {
                    try body(keys[emitted], l)
                    emitted += 1
                }
                topUp()
            }
        }
    }
}
