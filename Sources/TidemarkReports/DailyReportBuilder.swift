import TidemarkCore

/// Builds the daily report of one site's local day, streaming it one UTC-hour
/// partition at a time.
///
/// Feed the partitions the day overlaps (`window.hours`) in increasing order
/// (hours without segments may be skipped), each as its segments' events in
/// segment key order and, within a segment, line order: that order decides
/// which copy of a duplicate id wins (SPEC §4.1 rule 11). Only events inside
/// the local day count; `inputs` are those of the partitions the day owns. Memory grows with the day's distinct ids, visitors and
/// keys, plus one hour of sort records; an hour's events can be released as
/// soon as `addHour` returns.
///
/// ```swift
/// var builder = DailyReportBuilder(site: "example.com", day: day, zone: zone)
/// for hour in builder.window.hours { try builder.addHour(hour, segments: read(hour)) }
/// let report = builder.finish(reader: counts, complete: true)
/// ```
package struct DailyReportBuilder {
    private var accumulator: ReportAccumulator
    private var lastHour: UTCHour?

    /// A builder for `site` on local date `day` (days since the Unix epoch) in `zone`.
    package init(site: String, day: Int, zone: SiteZone = .utc) {
        accumulator = ReportAccumulator(window: .daily(site: site, day: day, zone: zone))
    }

    /// The window being built.
    package var window: ReportWindow { accumulator.window }

    /// Distinct event ids of the owned partitions fed so far, bots included.
    package var distinctIDs: Int { accumulator.distinctIDs }

    /// Adds one partition the day overlaps: `segments` are the hour's
    /// segments in key order, each holding its events in line order. Events
    /// whose `ts` is not in `hour` or not in the day are left out of every count.
    package mutating func addHour(_ hour: UTCHour, segments: [SegmentRows]) throws(ReportError) {
        guard window.contains(hour) else { throw .hourOutsideWindow(hour, window: window) }
        if let lastHour, hour <= lastHour { throw .hourOutOfOrder(hour, after: lastHour, window: window) }
        lastHour = hour
        accumulator.addHour(hour, segments: segments)
    }

    /// Adds one hour given as parsed events, `segments` in key order.
    package mutating func addHour(_ hour: UTCHour, segments: [[Event]]) throws(ReportError) {
        try addHour(hour, segments: try SegmentRows.of(segments, window: window))
    }

    /// Adds one hour whose events are already concatenated in segment key
    /// order, then line order.
    package mutating func addHour(_ hour: UTCHour, events: [Event]) throws(ReportError) {
        try addHour(hour, segments: [events])
    }

    /// The report of the hours fed so far. `reader` carries what only the
    /// reader saw; `duplicates_dropped` is `reader.eventsRead` minus the
    /// distinct ids fed.
    package func finish(reader: ReaderCounts, complete: Bool) -> Report {
        accumulator.report(reader: reader, complete: complete)
    }
}

extension DailyReportBuilder {
    /// The report of the hours fed so far and the day's partial for period
    /// reports (SPEC §4.3); the partial's `manifestSHA256` is left for the
    /// caller, who writes the manifest.
    package func finishWithPartial(reader: ReaderCounts, complete: Bool) -> (report: Report, partial: DailyPartial) {
        accumulator.reportAndPartial(reader: reader, complete: complete)
    }
}
