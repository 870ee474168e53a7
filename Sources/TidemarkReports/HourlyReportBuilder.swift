import TidemarkCore

/// Builds the hourly report of one site's local clock hour.
///
/// The window's events are counted as in a daily report, except that a
/// visitor's first event in the window continues a visit (and so starts none)
/// when the visitor had an event at most 1800 s earlier in the lookback span:
/// the 30 minutes before the window, within its local day. Lookback events
/// count in nothing else, not even `inputs`. Hourly reports leave bounces,
/// durations and entry/exit pages at zero and empty.
///
/// Feed `window.readHours` in order (lookback partitions, then the ones the
/// window overlaps); hours without segments may be skipped.
package struct HourlyReportBuilder {
    private var accumulator: ReportAccumulator
    private var lastHour: UTCHour?

    /// A builder for `window` (an hourly window).
    package init(window: ReportWindow) {
        accumulator = ReportAccumulator(window: window)
    }

    /// The window being built.
    package var window: ReportWindow { accumulator.window }

    /// Adds one partition of `window.readHours`: its segments in key order,
    /// each in line order.
    package mutating func addHour(_ hour: UTCHour, segments: [SegmentRows]) throws(ReportError) {
        guard window.readHours.contains(hour) else { throw .hourOutsideWindow(hour, window: window) }
        if let lastHour, hour <= lastHour { throw .hourOutOfOrder(hour, after: lastHour, window: window) }
        lastHour = hour
        accumulator.addHour(hour, segments: segments)
    }

    /// Adds one partition whose events are already concatenated in segment
    /// key order, then line order; throws when an id or visitor id is not
    /// lowercase hex.
    package mutating func addHour(_ hour: UTCHour, events: [Event]) throws(ReportError) {
        try addHour(hour, segments: try SegmentRows.of([events], window: window))
    }

    /// The report of the partitions fed; `reader` counts the owned ones.
    package func finish(reader: ReaderCounts, complete: Bool) -> Report {
        accumulator.report(reader: reader, complete: complete)
    }

    /// The report of a UTC hourly `window` whose own partition is `segments`
    /// and whose previous hour is `lookback` (both in key order, each in line
    /// order; the previous hour is ignored for hour 00, another day).
    ///
    /// - Parameters:
    ///   - reader: what the reader counted for the hour's own partition.
    ///   - complete: whether every collector's watermark passed the window's end.
    package static func build(
        window: ReportWindow, segments: [SegmentRows], lookback: [SegmentRows], reader: ReaderCounts, complete: Bool
    ) -> Report {
        var accumulator = ReportAccumulator(window: window)
        let own = window.startHour
        if window.lookbackHours.contains(UTCHour(index: own.index - 1)) {
            accumulator.addHour(UTCHour(index: own.index - 1), segments: lookback)
        }
        accumulator.addHour(own, segments: segments)
        return accumulator.report(reader: reader, complete: complete)
    }

    /// The report of `window` from parsed events; throws when an id or
    /// visitor id is not lowercase hex.
    package static func build(
        window: ReportWindow, segments: [[Event]], lookback: [[Event]], reader: ReaderCounts, complete: Bool
    ) throws(ReportError) -> Report {
        build(
            window: window, segments: try SegmentRows.of(segments, window: window),
            lookback: try SegmentRows.of(lookback, window: window), reader: reader, complete: complete)
    }

    /// The report of the UTC hour `hour` of `site`; `events` and `lookback`
    /// are already concatenated in segment key order, then line order.
    package static func build(
        site: String, hour: UTCHour, events: [Event], lookback: [Event], reader: ReaderCounts, complete: Bool
    ) throws(ReportError) -> Report {
        try build(
            window: .hourly(site: site, hour: hour), segments: [events], lookback: [lookback], reader: reader,
            complete: complete)
    }
}
