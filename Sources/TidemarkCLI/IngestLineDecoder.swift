import ArgumentParser
import Foundation
import TidemarkCore
import TidemarkIngest

/// Input formats of `tidemark ingest`.
enum IngestFormat: String, ExpressibleByArgument, CaseIterable {
    /// Schema-v1 events or raw hits, one JSON object per line.
    case ndjson
    /// Combined (or Common) Log Format access logs.
    case clf
    /// Per line: `{` starts NDJSON, anything else is an access-log line.
    case auto
}

/// Turns one input line of `ingest` into an event: schema-v1 lines as they
/// are (SPEC §5), raw hits and access-log requests through the collector's
/// enrichment. Ids of enriched lines derive from the site, line number and
/// text, so importing the same file twice adds nothing new.
struct IngestLineDecoder {
    /// What one line turned out to be.
    enum Decoded {
        /// Only white space.
        case blank
        /// Not a page view by rule (asset, error status): counted, not reported.
        case skipped
        /// Bad, with the reason.
        case invalid(String)
        /// An event; `line` is its encoded text when it differs from the input.
        case event(Event, line: [UInt8]?)
    }

    /// How lines are read.
    var format: IngestFormat
    /// The site of access-log lines (`--site`).
    var site: String?
    /// Enrichment for raw hits and log lines; nil reads schema-v1 only.
    var enricher: Enricher?

    /// Schema-v1 NDJSON only, as `demo` and older callers use it.
    static let schemaV1 = IngestLineDecoder(format: .ndjson, site: nil, enricher: nil)

    /// What line `number` (1-based) is.
    func decode(number: Int, line: UnsafeRawBufferPointer) -> Decoded {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return .blank }
        let asJSON = format == .ndjson || (format == .auto && first == UInt8(ascii: "{"))
        if asJSON { return decodeJSON(number: number, line: line) }
        return decodeLog(number: number, line: line)
    }

    private func decodeJSON(number: Int, line: UnsafeRawBufferPointer) -> Decoded {
        let parsed = EventParser.parse(line)
        switch parsed {
        case .blank: return .blank
        case .event(let event): return .event(event, line: nil)
        case .invalid(let why):
            guard let enricher else { return .invalid(why.description) }
            guard case .success(let hit) = RawHitDecoder.decodeLine(line), !hit.isCompleteEvent else {
                return .invalid(why.description)
            }
            return enrich(hit, ip: hit["ip"] ?? "", number: number, text: line, enricher: enricher)
        }
    }

    private func decodeLog(number: Int, line: UnsafeRawBufferPointer) -> Decoded {
        guard let enricher, let site else { return .invalid("an access-log line needs --site") }
        let text = String(decoding: line, as: UTF8.self)
        do throws(IngestError) {
            let record = try AccessLogRecord(parsing: text)
            if record.notPageViewReason != nil { return .skipped }
            return enrich(record.hit(site: site), ip: record.ip, number: number, text: line, enricher: enricher)
        } catch {
            return .invalid(error.description)
        }
    }

    private func enrich(
        _ hit: RawHit, ip: String, number: Int, text: UnsafeRawBufferPointer, enricher: Enricher
    ) -> Decoded {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let context = HitContext(ip: ip, userAgent: hit["ua"] ?? "", country: hit["country"] ?? "", receivedMillis: now)
        do throws(IngestError) {
            let event = try enricher.event(from: hit, context: context) {
                EventIDGenerator.derived(from: [hit["site"] ?? "", String(number), String(decoding: text, as: UTF8.self)])
            }
            return .event(event, line: Array(EventEncoder.line(event).utf8))
        } catch {
            return .invalid(error.description)
        }
    }
}
