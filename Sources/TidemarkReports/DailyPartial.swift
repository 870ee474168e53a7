import TidemarkCore

/// Everything a period report (SPEC §4.3) needs from one site's local day,
/// exact and untruncated: integer totals, every key of every top list with
/// its counts, the day's `inputs`, its zone and the digest of its manifest.
///
/// Stored beside the daily report as `partial.json.gz`; the format is
/// `Schemas/partial.v1.md`. The daily build writes it (`DailyReportBuilder.finishWithPartial`)
/// and period builds read it (`init(json:expected:)`), so both sides share this type.
package struct DailyPartial: Sendable, Hashable {
    /// Version of the stored format this build writes and reads.
    package static let version = 1

    /// Site id.
    package var site: String
    /// The local date, days since 1970-01-01.
    package var day: Int
    /// The IANA zone the day was built in, or `UTC`.
    package var timeZone: String
    /// The day's first instant, epoch seconds.
    package var startSeconds: Int64
    /// The next day's first instant, epoch seconds.
    package var endSeconds: Int64
    /// Whether the daily report was complete.
    package var complete: Bool
    /// SHA-256 (64 lowercase hex) of the daily `manifest.json` the partial
    /// belongs to; empty until the job runner has the manifest.
    package var manifestSHA256: String
    /// The day's totals as integers.
    package var totals: PartialTotals
    /// The day's `inputs`.
    package var inputs: ReportInputs
    /// One list per `TopListKind`, in `allCases` order, each holding every
    /// key with a non-zero count, sorted by key in UTF-8 byte order.
    package var lists: [TopList]

    /// Memberwise initialiser.
    package init(
        site: String, day: Int, timeZone: String, startSeconds: Int64, endSeconds: Int64, complete: Bool,
        manifestSHA256: String, totals: PartialTotals, inputs: ReportInputs, lists: [TopList]
    ) {
        self.site = site
        self.day = day
        self.timeZone = timeZone
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.complete = complete
        self.manifestSHA256 = manifestSHA256
        self.totals = totals
        self.inputs = inputs
        self.lists = lists
    }

    /// The rows of one list.
    package func rows(_ kind: TopListKind) -> [TopRow] {
        lists.first { $0.kind == kind }?.rows ?? []
    }
}

/// A day's totals as exact integers, from which period ratios are computed.
package struct PartialTotals: Sendable, Hashable {
    /// Non-bot page views.
    package var pageviews: Int
    /// Non-bot custom events.
    package var events: Int
    /// Distinct non-bot visitors of the day.
    package var visitors: Int
    /// Visits that start in the day.
    package var visits: Int
    /// Visits of a single page view.
    package var bounces: Int
    /// Sum over the day's visits of (last `ts` − first `ts`), milliseconds.
    package var visitDurationMillis: Int64
    /// Bot events, deduplicated.
    package var botEvents: Int

    /// Memberwise initialiser; every field defaults to zero.
    package init(
        pageviews: Int = 0, events: Int = 0, visitors: Int = 0, visits: Int = 0, bounces: Int = 0,
        visitDurationMillis: Int64 = 0, botEvents: Int = 0
    ) {
        self.pageviews = pageviews
        self.events = events
        self.visitors = visitors
        self.visits = visits
        self.bounces = bounces
        self.visitDurationMillis = visitDurationMillis
        self.botEvents = botEvents
    }
}
