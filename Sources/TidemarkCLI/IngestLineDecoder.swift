import ArgumentParser
import Foundation
import TidemarkCore
import TidemarkIngest

/// Input formats of `tidemark ingest`.
enum IngestFormat: String, ExpressibleByArgument, CaseIterable {
    /// Schema-v1 events or raw hits, one JSON object per line.
    case ndjson
    /// Access logs in whichever recognised layout each file is in
    /// (Combined, Common, vhost_combined, vhost_common), detected per file.
    case clf
    /// Per line: `{` starts NDJSON, anything else is an access-log line (layout detected per file).
    case auto
    /// Access logs in Combined Log Format only (extra trailing fields allowed).
    case combined
    /// Access logs in Common Log Format only.
    case common
    /// Apache's `vhost_combined` only.
    case vhostCombined = "vhost_combined"
    /// Apache's `vhost_common` only.
    case vhostCommon = "vhost_common"

    /// The access-log layout this format insists on, if any.
    var forcedLogFormat: AccessLogFormat? { AccessLogFormat(rawValue: rawValue) }

    /// True when every line is an access-log line.
    var isLogOnly: Bool { self != .ndjson && self != .auto }
}

/// Turns one input line of `ingest` into an event: schema-v1 lines as they
/// are (SPEC §5), raw hits and access-log requests through the collector's
/// enrichment. Ids of enriched lines derive from the site, line number and
/// text, so importing the same file twice adds nothing new. Which layout an
/// access-log line must be in is decided per file (``IngestFileDecoder``).
struct IngestLineDecoder {
    /// What one line turned out to be.
    enum Decoded {
        /// Only white space.
        case blank
        /// Not a page view by rule (asset, error status): counted, not reported.
        case skipped
        /// Bad, with the reason.
        case invalid(String)
        /// For a site the configuration does not accept (counted per site,
        /// reported once per site rather than per line).
        case foreignSite(String)
        /// An event; `line` is its encoded text when it differs from the input.
        case event(Event, line: [UInt8]?)
    }

    /// Which reader a line goes to.
    enum Kind {
        /// Only white space.
        case blank
        /// A JSON object: schema-v1 event or raw hit.
        case json
        /// An access-log line.
        case log
    }

    /// How lines are read.
    var format: IngestFormat
    /// The site of access-log lines (`--site`); without it a `vhost_` line's
    /// virtual host is its site.
    var site: String?
    /// Enrichment for raw hits and log lines; nil reads schema-v1 only.
    var enricher: Enricher?

    /// Schema-v1 NDJSON only, as `demo` and older callers use it.
    static let schemaV1 = IngestLineDecoder(format: .ndjson, site: nil, enricher: nil)

    /// Which reader `line` goes to.
    func kind(of line: UnsafeRawBufferPointer) -> Kind {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return .blank }
        if format == .ndjson || (format == .auto && first == UInt8(ascii: "{")) { return .json }
        return .log
    }

    /// What JSON line `number` (1-based) is.
    func decodeJSON(number: Int, line: UnsafeRawBufferPointer) -> Decoded {
        let parsed = EventParser.parse(line)
        switch parsed {
        case .blank: return .blank
        case .event(let event): return .event(event, line: nil)
        case .invalid(let why):
            guard let enricher else { return .invalid(why.description) }
            guard case .success(let hit) = RawHitDecoder.decodeLine(line), !hit.isCompleteEvent else {
                return .invalid(why.description)
            }
            return enrich(hit, ip: hit["ip"] ?? "", carriesUserAgent: true, number: number, text: line, enricher: enricher)
        }
    }

    /// What the parsed access-log line `number` is.
    func decodeLog(number: Int, record: AccessLogRecord, line: UnsafeRawBufferPointer) -> Decoded {
        guard let enricher else { return .invalid("access-log lines are not read here") }
        guard let site = site ?? (record.virtualHost.isEmpty ? nil : record.virtualHost) else {
            return .invalid("an access-log line needs --site (\(record.format.title) names no host)")
        }
        if record.notPageViewReason != nil { return .skipped }
        return enrich(
            record.hit(site: site), ip: record.ip, carriesUserAgent: record.format.hasUserAgent, number: number,
            text: line, enricher: enricher)
    }

    private func enrich(
        _ hit: RawHit, ip: String, carriesUserAgent: Bool, number: Int, text: UnsafeRawBufferPointer, enricher: Enricher
    ) -> Decoded {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var context = HitContext(ip: ip, userAgent: hit["ua"] ?? "", country: hit["country"] ?? "", receivedMillis: now)
        context.carriesUserAgent = carriesUserAgent
        do throws(IngestError) {
            let event = try enricher.event(from: hit, context: context) {
                EventIDGenerator.derived(from: [hit["site"] ?? "", String(number), String(decoding: text, as: UTF8.self)])
            }
            return .event(event, line: Array(EventEncoder.line(event).utf8))
        } catch {
            if error.reason == "unknown_site" { return .foreignSite(hit["site"] ?? "") }
            return .invalid(error.description)
        }
    }
}
