import TidemarkCore

/// The body of `GET /api/v1/sites` (Schemas/api-sites.v1.schema.json): an
/// array of `{"site", "time_zone", "first_day", "last_day", "recent_days"}`,
/// days as `YYYY-MM-DD` or null, each recent day one line of
/// `{"date", "status", "complete"}`, printed like `report.json`.
enum SiteListJSON {
    /// One listed site and the states of its recent days, oldest first.
    struct Entry {
        var site: ServedSite
        var recent: [DayState]
    }

    static func bytes(_ sites: [Entry]) -> [UInt8] {
        guard !sites.isEmpty else { return Array("[]\n".utf8) }
        var out = "[\n"
        for (i, entry) in sites.enumerated() {
            let s = entry.site
            out += "  {\n    \"site\": "
            JSONText.appendString(s.site, to: &out)
            out += ",\n    \"time_zone\": "
            JSONText.appendString(s.timeZone, to: &out)
            out += ",\n    \"first_day\": " + day(s.firstDay)
            out += ",\n    \"last_day\": " + day(s.lastDay)
            out += ",\n    \"recent_days\": ["
            for (j, d) in entry.recent.enumerated() {
                out += (j == 0 ? "\n" : ",\n") + "      {\"date\": " + day(d.day) + ", \"status\": \"" + d.status.rawValue
                    + "\", \"complete\": " + (d.complete ? "true" : "false") + "}"
            }
            out += entry.recent.isEmpty ? "]" : "\n    ]"
            out += "\n  }" + (i == sites.count - 1 ? "\n" : ",\n")
        }
        return Array((out + "]\n").utf8)
    }

    private static func day(_ day: Int?) -> String {
        day.map { "\"" + Timestamp.formatDay($0) + "\"" } ?? "null"
    }
}

/// The body of `compare=previous`: `{"current": …, "previous": …}`, each the
/// report's own bytes, indented one level deeper.
enum ComparisonJSON {
    static func bytes(current: [UInt8], previous: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(current.count + previous.count + 64)
        out += Array("{\n  \"current\": ".utf8)
        indented(current, into: &out)
        out += Array(",\n  \"previous\": ".utf8)
        indented(previous, into: &out)
        out += Array("\n}\n".utf8)
        return out
    }

    // Newlines inside JSON text only occur between tokens (strings escape
    // theirs), so indenting after each one keeps the value intact.
    private static func indented(_ report: [UInt8], into out: inout [UInt8]) {
        var body = report[...]
        while body.last == 0x0A { body = body.dropLast() }
        for b in body {
            out.append(b)
            if b == 0x0A { out += [0x20, 0x20] }
        }
    }
}
