import TidemarkCore

/// Period reports (SPEC §4.3): weekly, monthly or any range of local days,
/// merged from the days' partials, never from segments.
package enum PeriodReport {
    /// The report of `window` (a period window) from the partials of its days,
    /// in any order. Days without a partial count as zeros; they are complete
    /// when `emptyDaysComplete` says so (a day with no data whose watermark
    /// has passed), and otherwise make the period incomplete.
    package static func merge(
        partials: [DailyPartial], window: ReportWindow, emptyDaysComplete: (Int) -> Bool = { _ in false }
    ) throws(ReportError) -> Report {
        var merger = try PeriodMerger(window: window)
        for p in partials { try merger.add(p) }
        for day in merger.missingDays { try merger.addEmptyDay(day, complete: emptyDaysComplete(day)) }
        return merger.finish()
    }
}

/// Folds daily partials into a period report one at a time, so memory holds
/// the distinct keys of the period, not the partials themselves.
package struct PeriodMerger {
    /// The period being merged.
    package let window: ReportWindow
    private var seen: [Bool]
    private var dayComplete: [Bool]
    private var series: [SeriesBucket]
    private var totals = PartialTotals()
    private var inputs = ReportInputs(segments: 0, eventsRead: 0, duplicatesDropped: 0, invalidLines: 0)
    private var tallies: [[ByteKey: [Int]]] = TopListKind.allCases.map { _ in [:] }

    /// A merger for `window`, which must be a weekly, monthly or range window.
    package init(window: ReportWindow) throws(ReportError) {
        guard window.kind.isPeriod, window.dayStarts.count >= 2 else {
            throw .periodInput("\(window.identity) is not a period window of at least one day", window: window)
        }
        self.window = window
        let n = window.dayCount
        seen = Array(repeating: false, count: n)
        dayComplete = Array(repeating: false, count: n)
        series = (0..<n).map {
            SeriesBucket(startSeconds: window.dayStarts[$0], offset: window.zone.instant(window.dayStarts[$0]).offset)
        }
    }

    /// Local dates not yet added, in order.
    package var missingDays: [Int] {
        seen.indices.filter { !seen[$0] }.map { window.day + $0 }
    }

    /// Adds one day's partial; each day may be added once.
    package mutating func add(_ p: DailyPartial) throws(ReportError) {
        let i = try slot(p.day, site: p.site)
        seen[i] = true
        dayComplete[i] = p.complete
        let t = p.totals
        series[i].pageviews = t.pageviews
        series[i].visitors = t.visitors
        series[i].visits = t.visits
        totals.pageviews += t.pageviews
        totals.events += t.events
        totals.visitors += t.visitors
        totals.visits += t.visits
        totals.bounces += t.bounces
        totals.visitDurationMillis += t.visitDurationMillis
        totals.botEvents += t.botEvents
        inputs.segments += p.inputs.segments
        inputs.eventsRead += p.inputs.eventsRead
        inputs.duplicatesDropped += p.inputs.duplicatesDropped
        inputs.invalidLines += p.inputs.invalidLines
        for list in p.lists {
            let k = list.kind.rawValue
            for row in list.rows {
                let key = ByteKey(row.key)
                if var sums = tallies[k][key] {
                    for c in 0..<min(sums.count, row.counts.count) { sums[c] += row.counts[c] }
                    tallies[k][key] = sums
                } else {
                    tallies[k][key] = row.counts
                }
            }
        }
    }

    /// Counts a day without data as zeros; `complete` as its watermark says.
    package mutating func addEmptyDay(_ day: Int, complete: Bool) throws(ReportError) {
        let i = try slot(day, site: window.site)
        seen[i] = true
        dayComplete[i] = complete
    }

    private func slot(_ day: Int, site: String) throws(ReportError) -> Int {
        guard UTF8Bytes.sameBytes(site, window.site) else {
            throw .periodInput("partial of site \(site)", window: window)
        }
        let i = day - window.day
        guard i >= 0, i < seen.count else {
            throw .periodInput("partial of \(Timestamp.formatDay(day)), outside the period", window: window)
        }
        guard !seen[i] else { throw .periodInput("day \(Timestamp.formatDay(day)) added twice", window: window) }
        return i
    }

    /// The period report: sums, ratios on the sums, exact top lists cut at
    /// 50; complete only when every day was added and complete.
    package func finish() -> Report {
        let t = totals
        let reportTotals = ReportTotals(
            pageviews: t.pageviews, events: t.events, visitors: t.visitors, visits: t.visits, bounces: t.bounces,
            bounceRate: Rounding.ratio(Int64(t.bounces), Int64(t.visits), decimals: 4),
            visitDurationAvgS: Rounding.ratio(t.visitDurationMillis, Int64(t.visits) * 1000, decimals: 1),
            botEvents: t.botEvents)
        let lists = TopListKind.allCases.map { kind in
            TopList(kind: kind, rows: TopList.rank(tallies[kind.rawValue].map { TopRow(key: $0.key.text, counts: $0.value) }))
        }
        let complete = seen.allSatisfy { $0 } && dayComplete.allSatisfy { $0 }
        return Report(
            window: window, complete: complete, totals: reportTotals, series: series, topLists: lists, inputs: inputs)
    }
}

/// A string compared and hashed by its UTF-8 bytes: SPEC §4.1 keys that
/// differ in bytes are different rows, even when Swift's `String` would
/// call them canonically equal.
struct ByteKey: Hashable {
    /// The key.
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ByteKey, b: ByteKey) -> Bool { UTF8Bytes.sameBytes(a.text, b.text) }

    func hash(into hasher: inout Hasher) {
        var s = text
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
