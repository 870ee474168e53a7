import TidemarkCore

/// A finished report, the model behind `report.json`, `report.csv` and
/// `report.html` (SPEC §4.2).
package struct Report: Sendable, Hashable {
    /// The window the report covers; it names the site.
    package var window: ReportWindow
    /// Whether every collector's watermark had passed the window's end.
    package var complete: Bool
    /// Window totals.
    package var totals: ReportTotals
    /// One bucket per local clock hour (daily: 24, or 23 / 25 on DST days) or
    /// 12 five-minute buckets (hourly), all present.
    package var series: [SeriesBucket]
    /// The top lists, one per `TopListKind`, in `TopListKind.allCases` order.
    package var topLists: [TopList]
    /// What was read to build the report.
    package var inputs: ReportInputs

    /// Memberwise initialiser.
    package init(
        window: ReportWindow, complete: Bool, totals: ReportTotals, series: [SeriesBucket], topLists: [TopList],
        inputs: ReportInputs
    ) {
        self.window = window
        self.complete = complete
        self.totals = totals
        self.series = series
        self.topLists = topLists
        self.inputs = inputs
    }

    /// The site the report is about.
    package var site: String { window.site }

    /// `conversion_rate` of a custom event row (SPEC §4.1 rule 12): its
    /// visitors / the window's visitors, to 4 decimals (0 without visitors).
    package func conversionRate(_ row: TopRow) -> ReportDecimal {
        Rounding.ratio(Int64(row.counts.count > 1 ? row.counts[1] : 0), Int64(totals.visitors), decimals: 4)
    }

    /// The rows of one top list (empty when the report does not carry it).
    package func rows(_ kind: TopListKind) -> [TopRow] {
        topLists.first { $0.kind == kind }?.rows ?? []
    }
}

/// The `totals` object of a report.
package struct ReportTotals: Sendable, Hashable {
    /// Non-bot page views.
    package var pageviews: Int
    /// Non-bot custom events.
    package var events: Int
    /// Distinct non-bot visitors.
    package var visitors: Int
    /// Visits that start in the window.
    package var visits: Int
    /// Visits of a single page view (daily only).
    package var bounces: Int
    /// `bounces / visits` to 4 decimals (daily only).
    package var bounceRate: ReportDecimal
    /// Mean visit length in seconds, to 1 decimal (daily only).
    package var visitDurationAvgS: ReportDecimal
    /// Bot events, deduplicated.
    package var botEvents: Int

    /// Memberwise initialiser; every field defaults to zero.
    package init(
        pageviews: Int = 0, events: Int = 0, visitors: Int = 0, visits: Int = 0, bounces: Int = 0,
        bounceRate: ReportDecimal = .zero, visitDurationAvgS: ReportDecimal = .zero, botEvents: Int = 0
    ) {
        self.pageviews = pageviews
        self.events = events
        self.visitors = visitors
        self.visits = visits
        self.bounces = bounces
        self.bounceRate = bounceRate
        self.visitDurationAvgS = visitDurationAvgS
        self.botEvents = botEvents
    }
}

/// One bucket of a report's `series`.
package struct SeriesBucket: Sendable, Hashable {
    /// Bucket start in epoch seconds.
    package var startSeconds: Int64
    /// The site's offset from UTC at the start, in seconds (its label's offset).
    package var offset: Int32
    /// Non-bot page views in the bucket.
    package var pageviews: Int
    /// Distinct non-bot visitors with an event in the bucket.
    package var visitors: Int
    /// Visits that start in the bucket.
    package var visits: Int

    /// Memberwise initialiser.
    package init(startSeconds: Int64, offset: Int32 = 0, pageviews: Int = 0, visitors: Int = 0, visits: Int = 0) {
        self.startSeconds = startSeconds
        self.offset = offset
        self.pageviews = pageviews
        self.visitors = visitors
        self.visits = visits
    }

    /// The start with its offset.
    package var start: ZonedInstant { ZonedInstant(seconds: startSeconds, offset: offset) }
}

/// The `inputs` object of a report.
package struct ReportInputs: Sendable, Hashable {
    /// Segments of the partitions the window owns (SPEC §4.1 rule 10).
    package var segments: Int
    /// Valid event lines read, bots and duplicates included.
    package var eventsRead: Int
    /// `eventsRead` minus distinct ids.
    package var duplicatesDropped: Int
    /// Lines that are not a valid schema-v1 event.
    package var invalidLines: Int

    /// Memberwise initialiser.
    package init(segments: Int, eventsRead: Int, duplicatesDropped: Int, invalidLines: Int) {
        self.segments = segments
        self.eventsRead = eventsRead
        self.duplicatesDropped = duplicatesDropped
        self.invalidLines = invalidLines
    }
}

/// What the segment reader counted for a window: the part of `inputs` the
/// engine cannot see (it only sees valid events).
package struct ReaderCounts: Sendable, Hashable {
    /// Segments of the partitions the window owns that were read.
    package var segments: Int
    /// Valid event lines in them, bots and duplicates included.
    package var eventsRead: Int
    /// Lines that were not a valid schema-v1 event.
    package var invalidLines: Int

    /// Memberwise initialiser.
    package init(segments: Int, eventsRead: Int, invalidLines: Int) {
        self.segments = segments
        self.eventsRead = eventsRead
        self.invalidLines = invalidLines
    }
}
