import TidemarkCore

/// The series chart of `report.html`: pageviews as bars and visits as a line
/// over an area, one slot per series bucket.
///
/// The SVG stretches to its box (`preserveAspectRatio="none"`, strokes that do
/// not scale), so it fills a phone as well as a desktop; the axis labels are
/// HTML beside it, positioned in percent, so they stay readable at any width.
/// Coordinates are integers, so the markup is the same on every machine.
enum ReportChart {
    /// Width of one bucket's slot in SVG units.
    private static let slot = 100
    /// Height of the plot in SVG units.
    private static let plotHeight = 1000
    /// Grid lines above the baseline.
    private static let steps = 4

    /// Appends the chart as a `<figure>`.
    static func append(_ r: Report, to out: inout String) {
        let series = r.series
        let slots = max(series.count, 1)
        let peak = series.reduce(0) { max($0, $1.pageviews, $1.visits) }
        let step = niceStep(peak)
        let scaleTop = step * steps
        let per = r.window.kind.isPeriod ? "day" : r.window.kind == .daily ? "hour" : "five minutes"
        func y(_ v: Int) -> Int {
            plotHeight - Int(Rounding.divideHalfAwayFromZero(Int64(v) * Int64(plotHeight), Int64(scaleTop)))
        }

        out += "<figure class=\"chart\">\n<div class=\"plot\">\n<div class=\"yaxis\" aria-hidden=\"true\">"
        for k in 0...steps {
            out += "<span style=\"bottom:\(k * 100 / steps)%\">\(HTMLText.grouped(step * k))</span>"
        }
        out += "</div>\n<div class=\"canvas\">\n"
        out += "<svg viewBox=\"0 0 \(slots * slot) \(plotHeight)\" preserveAspectRatio=\"none\" role=\"img\" "
        out += "aria-labelledby=\"chart-title chart-desc\">\n"
        out += "<title id=\"chart-title\">Pageviews and visits per \(per)</title>\n"
        out += "<desc id=\"chart-desc\">\(HTMLText.escaped(description(r)))</desc>\n"
        for k in 1...steps {
            let gy = y(step * k)
            out += "<line class=\"grid\" x1=\"0\" y1=\"\(gy)\" x2=\"\(slots * slot)\" y2=\"\(gy)\"/>"
        }
        out += "\n"
        var line: [String] = []
        var bars = ""
        for (i, b) in series.enumerated() {
            let x = i * slot
            // A bucket with any traffic stays visible however tall the peak.
            let top = b.pageviews > 0 ? min(y(b.pageviews), plotHeight - 6) : plotHeight
            bars += "<rect class=\"pv\" x=\"\(x + 15)\" y=\"\(top)\" width=\"\(slot - 30)\" height=\"\(plotHeight - top)\">"
            bars += "<title>\(label(r, b)): \(HTMLText.counted(b.pageviews, "pageview")), "
            bars += "\(HTMLText.counted(b.visits, "visit")), \(HTMLText.counted(b.visitors, "visitor"))</title></rect>\n"
            line.append("\(x + slot / 2),\(y(b.visits))")
        }
        if let first = line.first, let last = line.last {
            let firstX = first.prefix { $0 != "," }
            let lastX = last.prefix { $0 != "," }
            // The visits area goes under the bars and the visits line over them.
            out += "<path class=\"va\" d=\"M\(firstX),\(plotHeight) L\(line.joined(separator: " L")) L\(lastX),\(plotHeight) Z\"/>\n"
            out += bars
            out += "<polyline class=\"vs\" points=\"\(line.joined(separator: " "))\"/>\n"
        }
        out += "<line class=\"base\" x1=\"0\" y1=\"\(plotHeight)\" x2=\"\(slots * slot)\" y2=\"\(plotHeight)\"/>\n</svg>\n"
        if peak == 0 { out += "<p class=\"nodata\">No traffic in this window</p>\n" }
        appendXAxis(r, slots: slots, to: &out)
        out += "</div>\n</div>\n<figcaption class=\"legend\"><span><span class=\"sw pv\"></span>Pageviews</span>"
        out += "<span><span class=\"sw vs\"></span>Visits</span><span class=\"tz\">per \(per), times in \(HTMLText.escaped(r.window.zone.identifier))</span>"
        out += "</figcaption>\n</figure>\n"
    }

    /// Time labels under the slots: every third hour (every sixth on a phone)
    /// of a day, every five minutes (every fifteen on a phone) of an hour.
    /// On a day whose offset changes, the hours on both sides of each change
    /// are labelled with their offsets too (`02:00 +02:00`, `02:00 +01:00`),
    /// so the repeated or skipped hour can be read off the axis.
    private static func appendXAxis(_ r: Report, slots: Int, to out: inout String) {
        let (every, everyOnPhone) = r.window.kind.isPeriod
            ? (max(1, (slots + 7) / 8), 2 * max(1, (slots + 7) / 8)) : r.window.kind == .daily ? (3, 6) : (1, 3)
        out += "<div class=\"xaxis\" aria-hidden=\"true\">"
        let s = r.series
        var changes: Set<Int> = []
        if !r.window.kind.isPeriod {
            for i in s.indices.dropFirst() where s[i].offset != s[i - 1].offset { changes.formUnion([i - 1, i]) }
        }
        for (i, b) in s.enumerated() where i % every == 0 || changes.contains(i) {
            // Labels next to a change label give way to it.
            if !changes.contains(i), changes.contains(i - 1) || changes.contains(i + 1) { continue }
            let left = HTMLText.cssPercent(
                tenths: Rounding.divideHalfAwayFromZero(Int64((2 * i + 1) * 1000), Int64(2 * slots)))
            let cls = i % everyOnPhone == 0 && !changes.contains(i) ? "" : " class=\"minor\""
            let text = r.window.kind.isPeriod
                ? HTMLText.shortDate(r.window.day + i)
                : changes.contains(i) ? b.start.clock + " " + ZonedInstant.offsetText(Int(b.offset)) : b.start.clock
            out += "<span\(cls) style=\"left:\(left)\">\(text)</span>"
        }
        out += "</div>\n"
    }

    /// One sentence for screen readers: totals and the busiest bucket.
    private static func description(_ r: Report) -> String {
        let pageviews = r.series.reduce(0) { $0 + $1.pageviews }
        let visits = r.series.reduce(0) { $0 + $1.visits }
        var text = "\(HTMLText.counted(pageviews, "pageview")) and \(HTMLText.counted(visits, "visit")) "
        let bucket = r.window.kind.isPeriod ? "daily" : r.window.kind == .daily ? "hourly" : "five-minute"
        text += "in \(r.series.count) \(bucket) buckets."
        if let busiest = r.series.max(by: { ($0.pageviews, $1.startSeconds) < ($1.pageviews, $0.startSeconds) }),
            busiest.pageviews > 0
        {
            text += " Busiest: \(label(r, busiest)) with "
            text += "\(HTMLText.counted(busiest.pageviews, "pageview"))."
        }
        return text
    }

    /// A bucket for people: `10:05 UTC`, `02:00 +01:00` in a zone (the
    /// offset tells the two 02:00 hours of the day clocks go back apart), or
    /// `26 Nov` for a period's day.
    private static func label(_ r: Report, _ b: SeriesBucket) -> String {
        guard r.window.kind.isPeriod, let i = r.series.firstIndex(where: { $0.startSeconds == b.startSeconds }) else {
            return b.start.clock + " " + (r.window.zone.isUTC ? "UTC" : ZonedInstant.offsetText(Int(b.offset)))
        }
        return HTMLText.shortDate(r.window.day + i)
    }

    /// The smallest 1, 2 or 5 × 10^k whose four steps reach `peak` (at least 1).
    static func niceStep(_ peak: Int) -> Int {
        let need = max(1, (peak + steps - 1) / steps)
        var magnitude = 1
        while true {
            for m in [1, 2, 5] where m * magnitude >= need { return m * magnitude }
            magnitude *= 10
        }
    }
}
