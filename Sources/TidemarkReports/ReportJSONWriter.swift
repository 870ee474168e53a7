import TidemarkCore

/// Writes `report.json` (SPEC §4.2, version 2: times in the site's local
/// offset, `window.time_zone`, `conversion_rate` on custom events).
///
/// Format: keys in the SPEC's order, pretty-printed like `jq .` (two-space
/// indent, one key or array element per line, `[]` for empty lists) with a
/// trailing newline; decimals printed minimally with at least one decimal
/// (`0.0`, `0.125`). No wall-clock time, so equal reports give equal bytes.
package enum ReportJSONWriter {
    /// The `report_version` written.
    package static let version = 2

    /// The JSON text.
    package static func string(_ report: Report) -> String {
        node(report).prettyText
    }

    /// The JSON bytes (UTF-8).
    package static func bytes(_ report: Report) -> [UInt8] {
        Array(string(report).utf8)
    }

    /// The report as a JSON tree, keys in SPEC order.
    static func node(_ r: Report) -> JSONNode {
        let t = r.totals
        var members: [(String, JSONNode)] = [
            ("report_version", .int(Self.version)),
            ("site", .string(r.site)),
            ("window", windowNode(r.window)),
            ("complete", .bool(r.complete)),
            (
                "totals",
                .object([
                    ("pageviews", .int(t.pageviews)), ("events", .int(t.events)), ("visitors", .int(t.visitors)),
                    ("visits", .int(t.visits)), ("bounces", .int(t.bounces)), ("bounce_rate", .decimal(t.bounceRate)),
                    ("visit_duration_avg_s", .decimal(t.visitDurationAvgS)), ("bot_events", .int(t.botEvents)),
                ])
            ),
            (
                "series",
                .array(
                    r.series.map { b in
                        .object([
                            ("start", .string(r.window.zone.format(b.start))),
                            ("pageviews", .int(b.pageviews)), ("visitors", .int(b.visitors)), ("visits", .int(b.visits)),
                        ])
                    })
            ),
        ]
        for kind in TopListKind.allCases {
            let rows = r.rows(kind).map { row -> JSONNode in
                var fields: [(String, JSONNode)] = [(kind.keyField, .string(row.key))]
                for (name, count) in zip(kind.countFields, row.counts) { fields.append((name, .int(count))) }
                if kind == .customEvents { fields.append(("conversion_rate", .decimal(r.conversionRate(row)))) }
                return .object(fields)
            }
            members.append((kind.jsonName, .array(rows)))
        }
        let i = r.inputs
        members.append(
            (
                "inputs",
                .object([
                    ("segments", .int(i.segments)), ("events_read", .int(i.eventsRead)),
                    ("duplicates_dropped", .int(i.duplicatesDropped)), ("invalid_lines", .int(i.invalidLines)),
                ])
            ))
        return .object(members)
    }

    /// The `window` object (``StoredWindow``), shared with the manifests.
    static func windowNode(_ w: ReportWindow) -> JSONNode {
        JSONNodeEncoder.nodeOrEmpty(StoredWindow(w))
    }
}
