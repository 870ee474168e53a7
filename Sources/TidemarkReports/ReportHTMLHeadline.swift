/// The headline of `report.html`: one card per total, each with its change
/// against the previous window when that window's totals are known.
enum ReportHTMLHeadline {
    private struct Card {
        var label: String
        var value: String
        var change: ReportHTMLChange
        var polarity: ReportHTMLChange.Polarity
        var was: String?
    }

    /// Appends the headline section.
    static func append(_ r: Report, previous: ReportTotals?, to out: inout String) {
        let daily = r.window.kind != .hourly
        let unit = r.window.kind.isPeriod ? HTMLText.counted(r.window.dayCount, "day") : daily ? "day" : "hour"
        out += "<section class=\"headline\" aria-label=\"Totals\">\n<p class=\"compare\">"
        out += previous == nil ? "No previous \(unit) to compare with" : "Change against the previous \(unit)"
        out += "</p>\n<div class=\"kpis \(daily ? "k8" : "k6")\">\n"
        for card in cards(r.totals, previous: previous, daily: daily) {
            let cls = card.change.cssClass(card.polarity)
            out += "<div class=\"kpi\"><div class=\"label\">\(card.label)</div>"
            out += "<div class=\"value\">\(card.value)</div>"
            out += "<div class=\"delta \(cls)\"><span class=\"vh\">\(card.change.spoken) </span>\(card.change.text)"
            if let was = card.was, card.change != .new { out += " <span class=\"was\">from \(was)</span>" }
            out += "</div></div>\n"
        }
        out += "</div>\n</section>\n"
    }

    private static func cards(_ t: ReportTotals, previous p: ReportTotals?, daily: Bool) -> [Card] {
        func count(_ label: String, _ key: KeyPath<ReportTotals, Int>, _ polarity: ReportHTMLChange.Polarity) -> Card {
            Card(
                label: label, value: HTMLText.grouped(t[keyPath: key]),
                change: .count(t[keyPath: key], p?[keyPath: key]), polarity: polarity,
                was: p.map { HTMLText.grouped($0[keyPath: key]) })
        }
        // Per-visit figures only compare against a window that had visits.
        let pv = p.flatMap { $0.visits > 0 ? $0 : nil }
        var out = [
            count("Visitors", \.visitors, .higherIsBetter),
            count("Visits", \.visits, .higherIsBetter),
            count("Pageviews", \.pageviews, .higherIsBetter),
            Card(
                label: "Views per visit", value: viewsPerVisit(t).map { $0.description } ?? "–",
                change: viewsPerVisit(t).map { .decimal($0, pv.flatMap(viewsPerVisit)) } ?? .new,
                polarity: .higherIsBetter, was: pv.flatMap(viewsPerVisit)?.description),
        ]
        if daily {
            out.append(
                Card(
                    label: "Bounce rate", value: t.visits > 0 ? HTMLText.percent(t.bounceRate) : "–",
                    change: t.visits > 0 ? .rate(t.bounceRate, pv?.bounceRate) : .new, polarity: .lowerIsBetter,
                    was: pv.map { HTMLText.percent($0.bounceRate) }))
            out.append(
                Card(
                    label: "Visit duration", value: HTMLText.duration(t.visitDurationAvgS),
                    change: .decimal(t.visitDurationAvgS, pv?.visitDurationAvgS), polarity: .higherIsBetter,
                    was: pv.map { HTMLText.duration($0.visitDurationAvgS) }))
        }
        out.append(count("Custom events", \.events, .higherIsBetter))
        out.append(count("Bot events", \.botEvents, .neutral))
        return out
    }

    /// Pageviews per visit to 2 decimals; nil without visits.
    private static func viewsPerVisit(_ t: ReportTotals) -> ReportDecimal? {
        t.visits > 0 ? Rounding.ratio(Int64(t.pageviews), Int64(t.visits), decimals: 2) : nil
    }
}
