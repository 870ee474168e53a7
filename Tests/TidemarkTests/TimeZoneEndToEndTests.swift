import Foundation
import Testing

/// Sites in time zones through the built binary (SPEC §3.1, §4): events are
/// ingested into local regions, the daily and hourly jobs are backfilled, and
/// every number is compared with a reference computed here straight from the
/// SPEC, with day and hour boundaries found by scanning Foundation's zone
/// minute by minute (not by the code under test).
@Suite("Time zones end to end", .serialized)
struct TimeZoneEndToEndTests {
    /// One generated event.
    struct Ev {
        var id: Int
        var millis: Int64
        var visitor: Int
        var bot: Bool
        var type = "pageview"
    }

    /// A site, its zone and the local date to check.
    struct Case: Sendable, CustomTestStringConvertible {
        var site: String
        var zone: String
        var date: String
        var buckets: Int
        var firstStartUTC: String
        var testDescription: String { "\(zone) \(date)" }
    }

    static let cases = [
        Case(site: "ams.example", zone: "Europe/Amsterdam", date: "2026-10-25", buckets: 25, firstStartUTC: "2026-10-24T22:00:00Z"),
        Case(site: "ams.example", zone: "Europe/Amsterdam", date: "2026-03-29", buckets: 23, firstStartUTC: "2026-03-28T23:00:00Z"),
        Case(site: "ktm.example", zone: "Asia/Kathmandu", date: "2026-11-26", buckets: 24, firstStartUTC: "2026-11-25T18:15:00Z"),
    ]

    static func millis(_ text: String) -> Int64 {
        let f = ISO8601DateFormatter()
        return Int64((f.date(from: text)?.timeIntervalSince1970 ?? 0) * 1000)
    }

    static func ts(_ millis: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// Deterministic traffic from 30 h before to 30 h after UTC midnight of
    /// `date`: visitors come back after gaps of minutes or hours, some events
    /// are sent twice, some are bots; visitor 7 is active on both UTC dates
    /// of the local day.
    static func events(_ c: Case, firstID: Int) -> [Ev] {
        let midnight = millis(c.date + "T00:00:00Z")
        var out: [Ev] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(firstID)
        func next(_ n: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % n)
        }
        var t = midnight - 30 * 3_600_000
        var id = firstID
        while t < midnight + 30 * 3_600_000 {
            id += 1
            let visitor = next(40)
            out.append(Ev(id: id, millis: t, visitor: visitor, bot: next(20) == 0, type: next(6) == 0 ? "event" : "pageview"))
            if next(15) == 0 { out.append(out[out.count - 1]) }
            t += Int64(60_000 + next(900_000))
        }
        return out
    }

    static func line(_ site: String, _ e: Ev) -> String {
        "{\"id\":\"\(String(format: "%032x", e.id))\",\"ts\":\"\(ts(e.millis))\",\"site\":\"\(site)\","
            + "\"type\":\"\(e.type)\",\"name\":\"\(e.type == "event" ? "signup" : "")\",\"path\":\"/p\(e.id % 5)\","
            + "\"ref_host\":\"\",\"utm_source\":\"\",\"utm_medium\":\"\",\"utm_campaign\":\"\","
            + "\"visitor\":\"\(String(format: "%016x", e.visitor))\",\"country\":\"NL\",\"browser\":\"Firefox\","
            + "\"os\":\"Linux\",\"device\":\"\(e.bot ? "bot" : "desktop")\"}"
    }

    /// The reference: local day and clock hours by a minute scan of the zone.
    static func reference(_ c: Case, _ events: [Ev]) throws -> Reference {
        let zone = try #require(TimeZone(identifier: c.zone))
        func localDate(_ s: Int64) -> Int64 {
            let local = s + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(s))))
            return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        }
        let date = millis(c.date + "T00:00:00Z") / 86_400_000
        var starts: [Int64] = []
        var end: Int64 = 0
        var s = date * 86_400 - 40 * 3600
        while true {
            let d = localDate(s)
            let local = s + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(s))))
            if d == date, starts.isEmpty || local % 3600 == 0 { starts.append(s) }
            if d > date { end = s; break }
            s += 60
        }
        var r = Reference(starts: starts, end: end)
        // Dedupe (copies are identical), drop bots, keep the local day.
        var seen: Set<Int> = []
        let day = events.filter { seen.insert($0.id).inserted && !$0.bot }
            .filter { $0.millis >= starts[0] * 1000 && $0.millis < end * 1000 }
        func bucket(_ m: Int64) -> Int { (starts.lastIndex { $0 * 1000 <= m }) ?? 0 }
        r.pageviews = Array(repeating: 0, count: starts.count)
        r.visits = Array(repeating: 0, count: starts.count)
        r.visitors = Array(repeating: 0, count: starts.count)
        var perBucketVisitors = Array(repeating: Set<Int>(), count: starts.count)
        var last: [Int: Int64] = [:]
        for e in day.sorted(by: { ($0.millis, $0.id) < ($1.millis, $1.id) }) {
            let b = bucket(e.millis)
            if e.type == "pageview" { r.pageviews[b] += 1 }
            if let l = last[e.visitor], e.millis - l <= 1_800_000 {} else { r.visits[b] += 1 }
            last[e.visitor] = e.millis
            perBucketVisitors[b].insert(e.visitor)
        }
        r.visitors = perBucketVisitors.map(\.count)
        r.dailyVisitors = Set(day.map(\.visitor)).count
        r.signupVisitors = Set(day.filter { $0.type == "event" }.map(\.visitor)).count
        return r
    }

    struct Reference {
        var starts: [Int64]
        var end: Int64
        var pageviews: [Int] = []
        var visits: [Int] = []
        var visitors: [Int] = []
        var dailyVisitors = 0
        var signupVisitors = 0
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: cases)
    func localDaysAndHoursMatchAReferenceComputation(_ c: Case) async throws {
        let work = try TempDir("tz-e2e")
        defer { work.cleanup() }
        try """
            prefix: tm
            sites:
              - name: \(c.site)
                time_zone: \(c.zone)
            spool: \(work.path)/spool
            jobs: \(JobsIntegrationTests.jobsDir)
            reports:
              local_dir: \(work.path)/reports
            regions:
              - {name: eu, endpoint: "file://\(work.path)/eu"}
              - {name: us, endpoint: "file://\(work.path)/us"}
            """.write(toFile: work.path + "/tidemark.yml", atomically: true, encoding: .utf8)
        var events = Self.events(c, firstID: 1000)
        // Visitor 7 early on the local day's first UTC date and late on its second.
        let ref0 = try Self.reference(c, [])
        events.append(Ev(id: 1, millis: ref0.starts[0] * 1000 + 60_000, visitor: 7, bot: false))
        events.append(Ev(id: 2, millis: ref0.end * 1000 - 60_000, visitor: 7, bot: false))
        let text = events.map { Self.line(c.site, $0) }.joined(separator: "\n") + "\n"
        try text.write(toFile: work.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        let ingest = try await BinaryRunner.run(["ingest", "ev.ndjson"], in: work.path)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        for job in ["daily", "hourly"] {
            let r = try await BinaryRunner.run(["backfill", "--job", job, "--from", c.date, "--to", c.date], in: work.path)
            #expect(r.status == 0, "\(r.stderr)")
        }

        let ref = try Self.reference(c, events)
        let daily = try Self.json(work.path + "/reports/daily/site=\(c.site)/date=\(c.date)/report.json")
        #expect(daily["report_version"] as? Int == 2)
        let window = try #require(daily["window"] as? [String: Any])
        #expect(window["time_zone"] as? String == c.zone)
        let series = try #require(daily["series"] as? [[String: Any]])
        #expect(series.count == c.buckets)
        #expect(ref.starts.count == c.buckets)
        #expect((series.first?["start"] as? String)?.hasPrefix(c.date == "2026-11-26" ? "2026-11-26T00:00:00+05:45" : c.date + "T00:00:00+0") == true)
        #expect(series.map { Self.millis($0["start"] as? String ?? "") / 1000 } == ref.starts)
        #expect(Self.millis(window["start"] as? String ?? "") / 1000 == ref.starts[0])
        #expect(Self.ts(ref.starts[0] * 1000).hasPrefix(String(c.firstStartUTC.prefix(19))))
        #expect(Self.millis(window["end"] as? String ?? "") / 1000 == ref.end)
        #expect(series.map { $0["pageviews"] as? Int ?? -1 } == ref.pageviews)
        #expect(series.map { $0["visits"] as? Int ?? -1 } == ref.visits)
        #expect(series.map { $0["visitors"] as? Int ?? -1 } == ref.visitors)
        let totals = try #require(daily["totals"] as? [String: Any])
        #expect(totals["visits"] as? Int == ref.visits.reduce(0, +))
        #expect(totals["pageviews"] as? Int == ref.pageviews.reduce(0, +))
        #expect(totals["visitors"] as? Int == ref.dailyVisitors)
        let custom = try #require(daily["custom_events"] as? [[String: Any]])
        let rate = Double(ref.signupVisitors) / Double(ref.dailyVisitors)
        #expect(abs((custom.first?["conversion_rate"] as? Double ?? -1) - (rate * 10_000).rounded() / 10_000) < 1e-9)
        if c.buckets == 25 {
            let labels = series.map { $0["start"] as? String ?? "" }
            #expect(labels.contains("2026-10-25T02:00:00+02:00") && labels.contains("2026-10-25T02:00:00+01:00"))
            let html = try String(contentsOfFile: work.path + "/reports/daily/site=\(c.site)/date=\(c.date)/report.html", encoding: .utf8)
            #expect(html.contains("02:00 +02:00") && html.contains("02:00 +01:00"))
        }

        // The hourly reports: one per local clock hour, keys unique, visits
        // adding up to the day's, each partition's inputs counted once.
        let hourlyDir = work.path + "/reports/hourly/site=\(c.site)"
        var hourly: [(start: Int64, report: [String: Any])] = []
        for date in try FileManager.default.contentsOfDirectory(atPath: hourlyDir) {
            for hour in try FileManager.default.contentsOfDirectory(atPath: hourlyDir + "/" + date) {
                let r = try Self.json(hourlyDir + "/" + date + "/" + hour + "/report.json")
                let w = try #require(r["window"] as? [String: Any])
                hourly.append((Self.millis(w["start"] as? String ?? "") / 1000, r))
            }
        }
        hourly.sort { $0.start < $1.start }
        #expect(hourly.map(\.start) == ref.starts)
        let hourlyVisits = hourly.map { (($0.report["totals"] as? [String: Any])?["visits"] as? Int) ?? -1 }
        #expect(hourlyVisits == ref.visits)
        func inputs(_ r: [String: Any], _ k: String) -> Int { ((r["inputs"] as? [String: Any])?[k] as? Int) ?? -1 }
        let dailyInputs = try #require(daily["inputs"] as? [String: Any])
        #expect(hourly.reduce(0) { $0 + inputs($1.report, "segments") } == dailyInputs["segments"] as? Int)
        #expect(hourly.reduce(0) { $0 + inputs($1.report, "events_read") } == dailyInputs["events_read"] as? Int)
        // Owned partitions: the UTC hours whose first instant lies in the day.
        let owned = Set(events.map { $0.millis / 3_600_000 }).filter { $0 * 3600 >= ref.starts[0] && $0 * 3600 < ref.end }
        #expect(dailyInputs["segments"] as? Int == owned.count)
        #expect(dailyInputs["events_read"] as? Int == events.filter { owned.contains($0.millis / 3_600_000) }.count)
    }
}
