import TidemarkCore

/// Writes `report.html`: one self-contained page (inline CSS and SVG, no
/// scripts, no external assets) with a headline of totals and their change
/// against the previous window, a chart of the series, and the top tables.
///
/// Readable on a phone (viewport meta, one column below 720 px, nothing wider
/// than 360 px), printable (`@media print`: white, page breaks between table
/// groups), every text escaped, and deterministic: the page says only what the
/// report and the previous totals hold, so the same input gives the same bytes.
package enum ReportHTMLWriter {
    /// The HTML text. `previous` is the totals of the window just before this
    /// one (the day before, or the hour before); nil when unknown, and the
    /// headline then marks every number as new.
    package static func string(_ r: Report, previous: ReportTotals? = nil) -> String {
        var out = ""
        out.reserveCapacity(32_768)
        let daily = r.window.kind == .daily
        let kindTitle = r.window.kind.isPeriod ? periodTitle(r.window.kind) : daily ? "Daily" : "Hourly"
        let site = HTMLText.escaped(r.site)
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        out += "<title>\(site) · \(kindTitle) report · \(windowLabel(r.window))</title>\n"
        out += "<style>\n\(ReportHTMLStyle.css)</style>\n</head>\n<body>\n<main class=\"page\">\n"
        appendMasthead(r, site: site, to: &out)
        ReportHTMLHeadline.append(r, previous: previous, to: &out)
        let per = r.window.kind.isPeriod ? "day" : daily ? "hour" : "five minutes"
        out += "<section class=\"panel traffic\">\n<h2>Traffic per \(per)</h2>\n"
        ReportChart.append(r, to: &out)
        out += "</section>\n"
        ReportHTMLTables.append(r, to: &out)
        let i = r.inputs
        out += "<footer>Built by Tidemark from \(HTMLText.counted(i.segments, "segment")) · "
        out += "\(HTMLText.counted(i.eventsRead, "event")) read · "
        out += "\(HTMLText.counted(i.duplicatesDropped, "duplicate")) dropped · "
        out += "\(HTMLText.counted(i.invalidLines, "invalid line")) · "
        out += "\(HTMLText.counted(r.totals.botEvents, "bot event")) left out of the figures · all times \(zoneText(r.window))</footer>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// The HTML bytes (UTF-8); see `string(_:previous:)`.
    package static func bytes(_ report: Report, previous: ReportTotals? = nil) -> [UInt8] {
        Array(string(report, previous: previous).utf8)
    }

    /// `Weekly`, `Monthly` or `Range`.
    private static func periodTitle(_ kind: ReportKind) -> String {
        kind == .weekly ? "Weekly" : kind == .monthly ? "Monthly" : "Range"
    }

    /// `2026-11-26 (UTC)`, `2026-11-26 10:00–11:00 UTC`,
    /// `2026-10-25 02:00–02:00 +01:00` or `2026-11-01 – 2026-11-30`.
    static func windowLabel(_ w: ReportWindow) -> String {
        if w.kind.isPeriod { return Timestamp.formatDay(w.day) + " – " + Timestamp.formatDay(w.lastDay) }
        guard w.kind == .hourly else { return Timestamp.formatDay(w.day) + " (" + HTMLText.escaped(w.zone.identifier) + ")" }
        let date = String(w.zone.format(w.start).prefix(10))
        return date + " " + w.start.clock + "–" + w.end.clock + " " + offsetText(w)
    }

    /// `UTC`, or the zone and the offset(s) in force (`Europe/Amsterdam, UTC+02:00/+01:00`).
    static func zoneText(_ w: ReportWindow) -> String {
        w.zone.isUTC ? "UTC" : HTMLText.escaped(w.zone.identifier) + ", UTC" + offsetText(w)
    }

    /// `UTC` for UTC; else the offset at the start, and the one at the end when it differs.
    private static func offsetText(_ w: ReportWindow) -> String {
        guard !w.zone.isUTC else { return "UTC" }
        let a = ZonedInstant.offsetText(Int(w.start.offset))
        let endOffset = Int(w.zone.offset(atSeconds: w.endSeconds - 1))
        return endOffset == Int(w.start.offset) ? a : a + "/" + ZonedInstant.offsetText(endOffset)
    }

    private static func appendMasthead(_ r: Report, site: String, to out: inout String) {
        let w = r.window
        out += "<header class=\"masthead\">\n<div>\n"
        let kindTitle = w.kind.isPeriod ? periodTitle(w.kind) : w.kind == .daily ? "Daily" : "Hourly"
        out += "<p class=\"eyebrow\">\(kindTitle) traffic report</p>\n"
        out += "<h1>\(site)</h1>\n<p class=\"when\">\(HTMLText.longDate(w.day))"
        if w.kind.isPeriod {
            out += " – \(HTMLText.longDate(w.lastDay)) · \(HTMLText.counted(w.dayCount, "day")), visitors summed per day"
        }
        if w.kind == .hourly { out += " · \(w.start.clock)–\(w.end.clock)" }
        out += " · \(zoneText(w))</p>\n</div>\n"
        out +=
            r.complete
            ? "<p class=\"badge ok\">Complete</p>\n"
            : "<p class=\"badge warn\">Incomplete: not every collector has reported yet</p>\n"
        out += "</header>\n"
    }
}
