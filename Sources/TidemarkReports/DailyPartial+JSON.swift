import TidemarkCore

extension DailyPartial {
    /// The partial as one line of compact JSON, ending in a newline
    /// (Schemas/partial.v1.md); equal partials give equal bytes.
    package var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096 + lists.reduce(0) { $0 + $1.rows.count } * 32)
        func raw(_ s: String) { out.append(contentsOf: s.utf8) }
        func int<N: BinaryInteger>(_ key: String, _ v: N, last: Bool = false) {
            raw("\"" + key + "\":" + String(v) + (last ? "" : ","))
        }
        raw("{\"partial_version\":" + String(Self.version) + ",\"site\":")
        JSONText.appendString(site, to: &out)
        raw(",\"date\":\"" + Timestamp.formatDay(day) + "\",\"time_zone\":")
        JSONText.appendString(timeZone, to: &out)
        raw(",")
        int("start", startSeconds)
        int("end", endSeconds)
        raw("\"complete\":" + (complete ? "true" : "false") + ",\"manifest_sha256\":")
        JSONText.appendString(manifestSHA256, to: &out)
        raw(",\"totals\":{")
        let t = totals
        int("pageviews", t.pageviews)
        int("events", t.events)
        int("visitors", t.visitors)
        int("visits", t.visits)
        int("bounces", t.bounces)
        int("visit_duration_ms", t.visitDurationMillis)
        int("bot_events", t.botEvents, last: true)
        raw("},\"inputs\":{")
        int("segments", inputs.segments)
        int("events_read", inputs.eventsRead)
        int("duplicates_dropped", inputs.duplicatesDropped)
        int("invalid_lines", inputs.invalidLines, last: true)
        raw("},\"lists\":{")
        for (k, kind) in TopListKind.allCases.enumerated() {
            if k > 0 { raw(",") }
            raw("\"" + kind.jsonName + "\":[")
            for (i, row) in rows(kind).enumerated() {
                if i > 0 { raw(",") }
                raw("[")
                JSONText.appendString(row.key, to: &out)
                for c in row.counts { raw("," + String(c)) }
                raw("]")
            }
            raw("]")
        }
        raw("}}\n")
        return out
    }

    /// Reads a partial written by `jsonBytes`, checking that it is the
    /// partial of `expected` (a daily window). A partial of a newer format
    /// version is refused with an error that says so; anything malformed,
    /// or of another site or date, is refused as unreadable.
    package init(json bytes: [UInt8], expected: ReportWindow) throws(ReportError) {
        guard let doc = JSONValue.parse(bytes), doc.members != nil else {
            throw .partialUnreadable("not a JSON object", window: expected)
        }
        guard let version = doc["partial_version"]?.int64 else {
            throw .partialUnreadable("no partial_version", window: expected)
        }
        guard version <= Int64(Self.version) else { throw .partialTooNew(Int(version), window: expected) }
        guard version == Int64(Self.version) else {
            throw .partialUnreadable("partial_version \(version) is not one this build reads", window: expected)
        }
        func fail(_ what: String) -> ReportError { .partialUnreadable(what, window: expected) }
        func count(_ object: JSONValue?, _ key: String) throws(ReportError) -> Int {
            guard let v = object?[key]?.int64, v >= 0, let n = Int(exactly: v) else {
                throw fail("`\(key)` is not a non-negative integer")
            }
            return n
        }
        guard let site = doc["site"]?.string, UTF8Bytes.sameBytes(site, expected.site) else {
            throw fail("`site` is not \(expected.site)")
        }
        guard let date = doc["date"]?.string, Timestamp.parseDay(date) == expected.day else {
            throw fail("`date` is not \(Timestamp.formatDay(expected.day))")
        }
        guard let zone = doc["time_zone"]?.string, let start = doc["start"]?.int64, let end = doc["end"]?.int64,
            start < end, let complete = doc["complete"]?.bool, let manifest = doc["manifest_sha256"]?.string
        else { throw fail("`time_zone`, `start`, `end`, `complete` or `manifest_sha256` missing or malformed") }
        let t = doc["totals"]
        let i = doc["inputs"]
        let totals = PartialTotals(
            pageviews: try count(t, "pageviews"), events: try count(t, "events"), visitors: try count(t, "visitors"),
            visits: try count(t, "visits"), bounces: try count(t, "bounces"),
            visitDurationMillis: Int64(try count(t, "visit_duration_ms")), botEvents: try count(t, "bot_events"))
        let inputs = ReportInputs(
            segments: try count(i, "segments"), eventsRead: try count(i, "events_read"),
            duplicatesDropped: try count(i, "duplicates_dropped"), invalidLines: try count(i, "invalid_lines"))
        guard let listsObject = doc["lists"], listsObject.members != nil else { throw fail("no `lists` object") }
        var lists: [TopList] = []
        for kind in TopListKind.allCases {
            guard let items = listsObject[kind.jsonName]?.array else { throw fail("no list `\(kind.jsonName)`") }
            var rows: [TopRow] = []
            rows.reserveCapacity(items.count)
            for item in items {
                guard let cells = item.array, cells.count == 1 + kind.countFields.count, let key = cells[0].string
                else { throw fail("a row of `\(kind.jsonName)` is not [key, \(kind.countFields.joined(separator: ", "))]") }
                var counts: [Int] = []
                for cell in cells.dropFirst() {
                    guard let v = cell.int64, v >= 0, let n = Int(exactly: v) else {
                        throw fail("a count in `\(kind.jsonName)` is not a non-negative integer")
                    }
                    counts.append(n)
                }
                rows.append(TopRow(key: key, counts: counts))
            }
            lists.append(TopList(kind: kind, rows: rows))
        }
        self.init(
            site: site, day: expected.day, timeZone: zone, startSeconds: start, endSeconds: end, complete: complete,
            manifestSHA256: manifest, totals: totals, inputs: inputs, lists: lists)
    }
}
