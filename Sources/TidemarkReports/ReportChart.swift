import TidemarkCore

/// The inline SVG chart of `report.html`: pageviews as bars, visits as a line,
/// one slot per series bucket. Coordinates are integers so the markup is the
/// same on every machine.
enum ReportChart {
    private static let left = 44
    private static let top = 10
    private static let plotWidth = 720
    private static let plotHeight = 200
    private static let width = left + plotWidth + 8
    private static let height = top + plotHeight + 26

    /// Appends the `<svg>` element.
    static func append(_ r: Report, to out: inout String) {
        let series = r.series
        let slots = max(series.count, 1)
        let slot = plotWidth / slots
        let peak = series.reduce(0) { max($0, $1.pageviews, $1.visits) }
        let step = niceStep(peak)
        let scaleTop = step * 4
        let baseline = top + plotHeight
        func y(_ v: Int) -> Int { baseline - v * plotHeight / scaleTop }

        out += "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Pageviews and visits per "
        out += r.window.kind == .daily ? "hour" : "five minutes"
        out += "\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for k in 0...4 {
            let gy = y(step * k)
            out += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(gy)\" x2=\"\(left + plotWidth)\" y2=\"\(gy)\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(gy + 4)\" text-anchor=\"end\">\(HTMLText.grouped(step * k))</text>\n"
        }
        var points: [String] = []
        for (i, b) in series.enumerated() {
            let x = left + i * slot
            let label = Timestamp.formatSeconds(b.startSeconds).dropFirst(11).prefix(5)
            let by = y(b.pageviews)
            out += "<rect class=\"pv\" x=\"\(x + slot / 6)\" y=\"\(by)\" width=\"\(slot * 2 / 3)\" height=\"\(baseline - by)\">"
            out += "<title>\(label) UTC: \(HTMLText.grouped(b.pageviews)) pageviews, \(HTMLText.grouped(b.visits)) visits, "
            out += "\(HTMLText.grouped(b.visitors)) visitors</title></rect>\n"
            points.append("\(x + slot / 2),\(y(b.visits))")
            if i % 3 == 0 {
                out += "<text x=\"\(x + slot / 2)\" y=\"\(baseline + 18)\" text-anchor=\"middle\">\(label)</text>\n"
            }
        }
        out += "<polyline class=\"vs\" points=\"\(points.joined(separator: " "))\"/>\n</svg>\n"
    }

    /// The smallest 1, 2 or 5 × 10^k whose four steps reach `peak` (at least 1).
    static func niceStep(_ peak: Int) -> Int {
        let need = max(1, (peak + 3) / 4)
        var magnitude = 1
        while true {
            for m in [1, 2, 5] where m * magnitude >= need { return m * magnitude }
            magnitude *= 10
        }
    }
}
