import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// A window's input segments, as listed in the regions.
package struct WindowInputs: Sendable, Equatable {
    /// The report window.
    package var window: ReportWindow
    /// The segments of the partitions the window overlaps, in key order.
    package var segments: [SegmentKey]
    /// The segments of the earlier partitions of its local day read only to
    /// find where visits start (hourly windows), in key order.
    package var lookback: [SegmentKey]

    package init(window: ReportWindow, segments: [SegmentKey], lookback: [SegmentKey]) {
        self.window = window
        self.segments = segments.sorted()
        self.lookback = lookback.sorted()
    }

    /// The segments of the partitions the window owns (SPEC §4.1 rule 10).
    package var owned: [SegmentKey] { segments.filter { window.owns($0.hour) } }
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
        if window.kind.isPeriod {
            throw JobsError("window \(window.identity): periods are merged from daily partials, not built from segments")
        }
        var manifestSegments: [ManifestSegment] = []
        var lookbackManifest: [ManifestSegment] = []
        var counts = ReaderCounts(segments: inputs.owned.count, eventsRead: 0, invalidLines: 0)
        var bytes = 0
        var daily = DailyReportBuilder(site: window.site, day: window.day, zone: window.zone)
        var hourly = HourlyReportBuilder(window: window)
        func add(_ hour: UTCHour, _ segments: [SegmentRows]) throws(ReportError) {
            if window.kind == .daily {
                try daily.addHour(hour, segments: segments)
            } else {
                try hourly.addHour(hour, segments: segments)
            }
        }
        let lookback = Set(inputs.lookback)
        var currentHour: UTCHour?
        var hourSegments: [SegmentRows] = []
        // Lookback partitions come first in key order: they are earlier hours.
        try await forEachLoaded((inputs.lookback + inputs.segments).sorted(), onBytes: onBytes) { key, loaded in
            if let h = currentHour, h != key.hour {
                try add(h, hourSegments)
                hourSegments.removeAll()
            }
            currentHour = key.hour
            hourSegments.append(loaded.rows)
            bytes += loaded.bytes
            let entry = ManifestSegment(key: loaded.key, sha256: loaded.sha256)
            if lookback.contains(key) {
                lookbackManifest.append(entry)
                return
            }
            manifestSegments.append(entry)
            if window.owns(key.hour) {
                counts.eventsRead += loaded.eventsRead
                counts.invalidLines += loaded.invalidLines
            }
        }
        if let h = currentHour { try add(h, hourSegments) }
        let report: Report
        var partial: DailyPartial?
        if window.kind == .daily {
            (report, partial) = daily.finishWithPartial(reader: counts, complete: complete)
        } else {
            report = hourly.finish(reader: counts, complete: complete)
        }
        return BuiltWindow(
            report: report,
            manifest: ReportManifest(
                window: window, segments: manifestSegments, lookback: lookbackManifest, complete: complete),
            partial: partial, bytesRead: bytes, eventsRead: counts.eventsRead)
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
