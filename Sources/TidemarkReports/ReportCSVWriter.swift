import TidemarkCore

/// Writes `report.csv`: every table of the report as its own section.
///
/// Format: RFC 4180 with CRLF line ends. Each section starts with a header
/// row whose first column is `table`, and every row repeats the section's
/// name there (`report`, `totals`, `series`, each top list by its JSON name,
/// `inputs`), so one `grep`/filter pulls a table out; a blank line separates
/// sections. Fields holding `,`, `"`, CR or LF are quoted, with `"` doubled.
/// Values are written as they are (no spreadsheet formula escaping), so the
/// file round-trips exactly.
package enum ReportCSVWriter {
    /// The CSV text.
    package static func string(_ r: Report) -> String {
        var out = ""
        out.reserveCapacity(8192)
        var first = true
        func section(_ name: String, _ columns: [String], _ rows: [[String]]) {
            if !first { out += "\r\n" }
            first = false
            appendRow(["table"] + columns, to: &out)
            for row in rows { appendRow([name] + row, to: &out) }
        }
        section(
            "report", ["report_version", "site", "kind", "start", "end", "time_zone", "complete"],
            [
                [
                    String(ReportJSONWriter.version), r.site, r.window.kind.rawValue,
                    r.window.zone.format(r.window.start), r.window.zone.format(r.window.end), r.window.zone.identifier,
                    r.complete ? "true" : "false",
                ]
            ])
        let t = r.totals
        section(
            "totals",
            ["pageviews", "events", "visitors", "visits", "bounces", "bounce_rate", "visit_duration_avg_s", "bot_events"],
            [
                [
                    String(t.pageviews), String(t.events), String(t.visitors), String(t.visits), String(t.bounces),
                    t.bounceRate.description, t.visitDurationAvgS.description, String(t.botEvents),
                ]
            ])
        section(
            "series", ["start", "pageviews", "visitors", "visits"],
            r.series.map {
                [r.window.zone.format($0.start), String($0.pageviews), String($0.visitors), String($0.visits)]
            })
        for kind in TopListKind.allCases {
            let rate = kind == .customEvents
            section(
                kind.jsonName, [kind.keyField] + kind.countFields + (rate ? ["conversion_rate"] : []),
                r.rows(kind).map { [$0.key] + $0.counts.map { String($0) } + (rate ? [r.conversionRate($0).description] : []) })
        }
        let i = r.inputs
        section(
            "inputs", ["segments", "events_read", "duplicates_dropped", "invalid_lines"],
            [[String(i.segments), String(i.eventsRead), String(i.duplicatesDropped), String(i.invalidLines)]])
        return out
    }

    /// The CSV bytes (UTF-8).
    package static func bytes(_ report: Report) -> [UInt8] {
        Array(string(report).utf8)
    }

    /// Appends one record and its CRLF.
    static func appendRow(_ fields: [String], to out: inout String) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            appendField(field, to: &out)
        }
        out += "\r\n"
    }

    /// Appends one field, quoted when RFC 4180 needs it.
    static func appendField(_ field: String, to out: inout String) {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else {
            out += field
            return
        }
        out += "\""
        for ch in field.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        out += "\""
    }
}
