/// The top tables of `report.html`, in groups (pages, sources, audience,
/// custom events). Every list that has rows gets a table whose key cells
/// carry a bar in proportion to the list's first row; lists without rows are
/// named in one line under their group.
package enum ReportHTMLTables {
    /// The groups and their lists, in page order.
    package static let groups: [(title: String, kinds: [TopListKind])] = [
        ("Pages", [.topPages, .entryPages, .exitPages]),
        ("Sources", [.referrers, .utmSources, .utmMediums, .utmCampaigns]),
        ("Audience", [.countries, .browsers, .os, .devices]),
        ("Custom events", [.customEvents]),
    ]

    /// Appends every group the report's kind carries.
    static func append(_ r: Report, to out: inout String) {
        let daily = r.window.kind != .hourly
        for group in groups {
            let kinds = group.kinds.filter { daily || !$0.isDailyOnly }
            let filled = kinds.filter { !r.rows($0).isEmpty }
            let empty = kinds.filter { r.rows($0).isEmpty }
            out += "<section class=\"group\">\n<h2>\(group.title)</h2>\n"
            if !filled.isEmpty {
                out += "<div class=\"tables\">\n"
                for kind in filled { appendTable(kind, r.rows(kind), to: &out) }
                out += "</div>\n"
            }
            if !empty.isEmpty {
                let names = empty.map(\.title).joined(separator: ", ")
                out += "<p class=\"none\">No data in this window: \(names).</p>\n"
            }
            out += "</section>\n"
        }
    }

    private static func appendTable(_ kind: TopListKind, _ rows: [TopRow], to out: inout String) {
        let peak = rows.reduce(0) { max($0, $1.count) }
        // Lists with two counts take a whole row so long keys keep their line.
        let wide = kind.countFields.count > 1 ? " wide" : ""
        // Short tables stay on one printed page; long ones may break between rows.
        let short = rows.count <= 20 ? " short" : ""
        out += "<section class=\"panel top\(wide)\(short)\" id=\"\(kind.jsonName)\">\n<h3>\(kind.title)</h3>\n"
        out += "<table>\n<thead><tr><th scope=\"col\">\(keyHeading(kind))</th>"
        for field in kind.countFields { out += "<th scope=\"col\" class=\"num\">\(heading(field))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            let share = HTMLText.cssPercent(tenths: HTMLText.tenthsOfPercent(row.count, of: peak))
            out += "<tr><td class=\"k\" style=\"--p:\(share)\">\(HTMLText.escaped(row.key))</td>"
            for n in row.counts { out += "<td class=\"num\">\(HTMLText.grouped(n))</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
    }

    /// What a list's key column holds, for people.
    package static func keyHeading(_ kind: TopListKind) -> String {
        switch kind {
        case .topPages, .entryPages, .exitPages: "Page"
        case .referrers, .utmSources: "Source"
        case .utmMediums: "Medium"
        case .utmCampaigns: "Campaign"
        case .countries: "Country"
        case .browsers: "Browser"
        case .os: "OS"
        case .devices: "Device"
        case .customEvents: "Event"
        }
    }

    /// `pageviews` → `Pageviews`: column headings from field names.
    static func heading(_ field: String) -> String {
        guard let first = field.first else { return field }
        return first.uppercased() + field.dropFirst()
    }
}
