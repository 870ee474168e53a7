import TidemarkCore

/// Builds the hourly report of one site-hour.
///
/// The window's events are counted as in a daily report, except that a
/// visitor's first event in the hour continues a visit (and so starts none)
/// when the visitor had an event at most 1800 s earlier in the lookback: the
/// 30 minutes before the hour, same UTC day. Lookback events count in nothing
/// else, not even `inputs`. Hourly reports leave bounces, durations and
/// entry/exit pages at zero and empty.
package enum HourlyReportBuilder {
    /// The report of `window` (an hourly window).
    ///
    /// - Parameters:
    ///   - segments: the hour's segments in key order, each in line order.
    ///   - lookback: the previous hour's segments in key order (its whole
    ///     partition or only its last 30 minutes: earlier events are ignored).
    ///     Ignored for hour 00, whose previous hour is another day.
    ///   - reader: what the reader counted for the hour's own partition.
    ///   - complete: whether every collector's watermark passed the window's end.
    package static func build(
        window: ReportWindow, segments: [SegmentRows], lookback: [SegmentRows], reader: ReaderCounts, complete: Bool
    ) -> Report {
        let hourly = ReportWindow.hourly(site: window.site, hour: window.startHour)
        var accumulator = ReportAccumulator(window: hourly)
        accumulator.addLookback(lookback)
        accumulator.addHour(hourly.startHour, segments: segments)
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

    /// The report of the hour `hour` of `site`; `events` and `lookback` are
    /// already concatenated in segment key order, then line order.
    package static func build(
        site: String, hour: UTCHour, events: [Event], lookback: [Event], reader: ReaderCounts, complete: Bool
    ) throws(ReportError) -> Report {
        try build(
            window: .hourly(site: site, hour: hour), segments: [events], lookback: [lookback], reader: reader,
            complete: complete)
    }
}
