import TidemarkCore

/// Writes `report.html`: one self-contained page (inline CSS and SVG, no
/// scripts, no external assets) with the totals, a chart of the series and
/// the top tables. Readable on a phone (viewport meta, fluid grid), printable
/// (`@media print`), every text escaped, and deterministic: the page says only
/// what the report holds.
package enum ReportHTMLWriter {
    /// The HTML text.
    package static func string(_ r: Report) -> String {
        var out = ""
        out.reserveCapacity(32_768)
        let daily = r.window.kind == .daily
        let site = HTMLText.escaped(r.site)
        let when = windowLabel(r.window)
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(site) · \(r.window.kind.rawValue) report · \(when)</title>\n"
        out += "<style>\n\(stylesheet)</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>\(site)</h1>\n<p class=\"sub\">\(daily ? "Daily" : "Hourly") report · \(when)"
        out += r.complete ? "" : " · <strong class=\"partial\">incomplete: not every collector has reported yet</strong>"
        out += "</p>\n</header>\n"
        appendTotals(r, daily: daily, to: &out)
        out += "<section class=\"chart\">\n<h2>\(daily ? "Per hour" : "Per five minutes")</h2>\n"
        ReportChart.append(r, to: &out)
        out += "<p class=\"legend\"><span class=\"key pv\"></span>Pageviews <span class=\"key vs\"></span>Visits</p>\n"
        out += "</section>\n<div class=\"tables\">\n"
        for kind in TopListKind.allCases where daily || !kind.isDailyOnly {
            appendTable(kind, r.rows(kind), to: &out)
        }
        out += "</div>\n"
        let i = r.inputs
        out += "<footer>\(HTMLText.grouped(i.segments)) segments · \(HTMLText.grouped(i.eventsRead)) events read · "
        out += "\(HTMLText.grouped(i.duplicatesDropped)) duplicates dropped · \(HTMLText.grouped(i.invalidLines)) invalid lines"
        out += " · times in UTC</footer>\n</body>\n</html>\n"
        return out
    }

    /// The HTML bytes (UTF-8).
    package static func bytes(_ report: Report) -> [UInt8] {
        Array(string(report).utf8)
    }

    /// `2026-11-26` or `2026-11-26 10:00–11:00 UTC`.
    static func windowLabel(_ w: ReportWindow) -> String {
        guard w.kind == .hourly else { return w.startHour.dateString + " (UTC)" }
        let next = UTCHour(index: w.startHour.index + 1)
        return w.startHour.dateString + " " + w.startHour.hourString + ":00–" + next.hourString + ":00 UTC"
    }

    private static func appendTotals(_ r: Report, daily: Bool, to out: inout String) {
        let t = r.totals
        var cards: [(String, String)] = [
            ("Visitors", HTMLText.grouped(t.visitors)), ("Visits", HTMLText.grouped(t.visits)),
            ("Pageviews", HTMLText.grouped(t.pageviews)), ("Custom events", HTMLText.grouped(t.events)),
        ]
        if daily {
            cards.append(("Bounce rate", HTMLText.percent(t.bounceRate)))
            cards.append(("Visit duration", t.visitDurationAvgS.description + " s"))
        }
        cards.append(("Bot events", HTMLText.grouped(t.botEvents)))
        out += "<section class=\"cards\">\n"
        for (label, value) in cards {
            out += "<div class=\"card\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div></div>\n"
        }
        out += "</section>\n"
    }

    private static func appendTable(_ kind: TopListKind, _ rows: [TopRow], to out: inout String) {
        out += "<section class=\"top\">\n<h2>\(kind.title)</h2>\n"
        guard !rows.isEmpty else {
            out += "<p class=\"empty\">No data</p>\n</section>\n"
            return
        }
        out += "<table>\n<thead><tr><th>\(heading(kind.keyField))</th>"
        for field in kind.countFields { out += "<th class=\"num\">\(heading(field))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr><td class=\"key\">\(HTMLText.escaped(row.key))</td>"
            for n in row.counts { out += "<td class=\"num\">\(HTMLText.grouped(n))</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
    }

    /// `path` → `Path`: column headings from field names, without Foundation.
    static func heading(_ field: String) -> String {
        guard let first = field.first else { return field }
        return first.uppercased() + field.dropFirst()
    }

    private static let stylesheet = """
        :root{--fg:#1c2128;--muted:#5c6672;--bg:#fff;--card:#f3f5f7;--rule:#dde2e7;--pv:#3f7fd8;--vs:#e07b28}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e9ec;--muted:#9aa4ae;--bg:#15181c;--card:#1f2429;--rule:#30373e}}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1040px;padding:16px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        h1{font-size:1.5rem;margin:0;word-break:break-all}
        h2{font-size:1rem;margin:0 0 8px}
        .sub,.legend,footer,.empty{color:var(--muted);font-size:.875rem}
        .partial{color:#c0392b}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:8px;margin:16px 0}
        .card{background:var(--card);border-radius:8px;padding:10px 12px}
        .label{color:var(--muted);font-size:.8rem}
        .value{font-size:1.35rem;font-weight:600;font-variant-numeric:tabular-nums}
        .chart svg{width:100%;height:auto;display:block}
        .chart .grid{stroke:var(--rule);stroke-width:1}
        .chart text{fill:var(--muted);font-size:11px}
        .chart .pv{fill:var(--pv)}
        .chart .vs{fill:none;stroke:var(--vs);stroke-width:2.5;stroke-linejoin:round}
        .key{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;border-radius:2px}
        .key.pv{background:var(--pv)}.key.vs{background:var(--vs)}
        .tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:20px;margin:20px 0}
        table{width:100%;border-collapse:collapse;font-size:.875rem}
        th{text-align:left;color:var(--muted);font-weight:500;border-bottom:1px solid var(--rule);padding:4px 6px}
        td{border-bottom:1px solid var(--rule);padding:4px 6px;vertical-align:top}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.key{word-break:break-all}
        footer{border-top:1px solid var(--rule);padding-top:8px}
        @media print{
        :root{--fg:#000;--muted:#444;--bg:#fff;--card:#fff;--rule:#bbb}
        body{max-width:none;padding:0;font-size:11pt}
        .card{border:1px solid var(--rule)}
        section,tr{break-inside:avoid}
        .chart .pv,.key.pv{print-color-adjust:exact;-webkit-print-color-adjust:exact}
        }

        """
}
