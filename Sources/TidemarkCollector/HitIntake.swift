import TidemarkCore
import TidemarkIngest

/// The transport-free heart of the collector: decodes a body or pixel query
/// into hits, enriches and validates each, commits the valid ones to the
/// journal (one fsync shared with concurrent requests) and says what to
/// answer. The raw IP goes into the visitor hash and nowhere else.
package struct HitIntake: Sendable {
    /// Hit to event.
    package let enricher: Enricher
    /// Where accepted events are made durable.
    package let journal: Journal
    /// Counters.
    package let metrics: CollectorMetrics
    /// Sites seen, for watermarks.
    package let sites: SiteRegistry
    /// Spool bytes (segments + journal) above which hits are refused.
    package let spoolLimitBytes: Int
    /// `Retry-After` of a 503.
    package let retryAfterSeconds: Int

    package init(
        enricher: Enricher, journal: Journal, metrics: CollectorMetrics, sites: SiteRegistry, spoolLimitBytes: Int,
        retryAfterSeconds: Int
    ) {
        self.enricher = enricher
        self.journal = journal
        self.metrics = metrics
        self.sites = sites
        self.spoolLimitBytes = spoolLimitBytes
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// What to answer.
    package struct Answer: Sendable {
        /// HTTP status.
        package var status: Int
        /// JSON body.
        package var json: String
        /// Seconds for `Retry-After`, on a 503.
        package var retryAfter: Int?
    }

    /// `POST /api/event`.
    package func take(body: [UInt8], context: HitContext) async -> Answer {
        await take(RawHitDecoder.decodeBody(body), context: context)
    }

    /// `GET /p.gif` with its query fields.
    package func take(query: [String: String], context: HitContext) async -> Answer {
        await take([.success(RawHit(fields: query))], context: context)
    }

    /// True when the spool holds more than its limit.
    package var spoolIsFull: Bool {
        let g = metrics.gauges
        return g.segmentBytes + g.closedJournalBytes + journal.snapshot().currentBytes >= spoolLimitBytes
    }

    /// A refusal for a body over the size limit.
    package func tooLarge(limit: Int) -> Answer {
        metrics.rejected("body_too_large")
        return Answer(
            status: 413,
            json: #"{"accepted":0,"reason":"body_too_large","detail":"request body is over \#(limit) bytes"}"#)
    }

    private func take(_ items: [Result<RawHit, IngestError>], context: HitContext) async -> Answer {
        if spoolIsFull {
            metrics.rejected("spool_full", count: items.count)
            return Answer(
                status: 503,
                json: #"{"accepted":0,"reason":"spool_full","detail":"the spool is over its limit; retry later"}"#,
                retryAfter: retryAfterSeconds)
        }
        var lines: [UInt8] = []
        var accepted = 0
        var errors: [(Int, IngestError)] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            do throws(IngestError) {
                let event = try enricher.event(from: item.get(), context: context)
                EventEncoder.append(event, to: &lines)
                lines.append(0x0A)
                accepted += 1
                seen.insert(event.site)
            } catch {
                errors.append((index, error))
            }
        }
        if accepted > 0 {
            do {
                try await journal.append(lines, events: accepted)
            } catch {
                metrics.rejected("journal_unavailable", count: accepted)
                return Answer(
                    status: 503,
                    json: #"{"accepted":0,"reason":"journal_unavailable","detail":"events could not be made durable; retry"}"#,
                    retryAfter: 1)
            }
            metrics.accepted(accepted)
            sites.saw(seen)
        }
        for (_, error) in errors { metrics.rejected(error.reason) }
        var json = "{\"accepted\":\(accepted),\"rejected\":\(errors.count)"
        if !errors.isEmpty {
            json += ",\"errors\":["
            json += errors.map { index, error in
                "{\"index\":\(index)," + error.json.dropFirst()
            }.joined(separator: ",")
            json += "]"
        }
        json += "}"
        return Answer(status: errors.isEmpty ? 202 : 400, json: json)
    }
}
