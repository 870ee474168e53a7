import Foundation
import Testing
import TidemarkCore
import TidemarkJobs
import TidemarkReports

@Suite("Window planning, shards and job files")
struct WindowPlannerTests {
    static let day = Timestamp.parseDay("2026-11-26") ?? 0
    static func at(_ text: String) -> Int64 { (Timestamp.parseMillis(text) ?? 0) / 1000 }

    @Test func dailyWindowsWaitForTheDelayAndCatchUpWithinTheLookback() {
        let job = JobDefinition(name: "daily", kind: .daily, delaySeconds: 7200, lookbackSeconds: 3 * 86_400)
        // 01:59 on the 27th: the 26th is not due yet (delay 2 h).
        let early = WindowPlanner.due(job: job, sites: ["a.example"], nowSeconds: Self.at("2026-11-27T01:59:00.000Z"))
        #expect(early.map(\.startHour.dateString) == ["2026-11-24", "2026-11-25"])
        let due = WindowPlanner.due(job: job, sites: ["a.example"], nowSeconds: Self.at("2026-11-27T02:00:00.000Z"))
        #expect(due.map(\.startHour.dateString) == ["2026-11-24", "2026-11-25", "2026-11-26"])
        // After a week without cron, every day within the lookback comes back.
        let late = WindowPlanner.due(job: job, sites: ["a.example", "b.example"], nowSeconds: Self.at("2026-12-03T12:00:00.000Z"))
        #expect(late.count == 6)
    }

    @Test func hourlyWindows() {
        let job = JobDefinition(name: "hourly", kind: .hourly, delaySeconds: 600, lookbackSeconds: 3 * 3600)
        let due = WindowPlanner.due(job: job, sites: ["a.example"], nowSeconds: Self.at("2026-11-26T10:09:59.000Z"))
        #expect(due.map(\.startHour.hourString) == ["07", "08"])
        let due2 = WindowPlanner.due(job: job, sites: ["a.example"], nowSeconds: Self.at("2026-11-26T10:10:00.000Z"))
        #expect(due2.map(\.startHour.hourString) == ["07", "08", "09"])
    }

    @Test func rangesAreInclusive() {
        let w = WindowPlanner.range(kind: .hourly, sites: ["a.example"], fromDay: Self.day, toDay: Self.day + 1)
        #expect(w.count == 48)
        #expect(WindowPlanner.range(kind: .daily, sites: ["a", "b"], fromDay: Self.day, toDay: Self.day).count == 2)
    }

    @Test(arguments: [2, 3, 5])
    func shardsSplitWindowsWithoutOverlap(_ n: Int) throws {
        let windows = WindowPlanner.range(kind: .hourly, sites: ["a.example", "b.example"], fromDay: Self.day, toDay: Self.day + 6)
        var seen: [ReportWindow: Int] = [:]
        for k in 1...n {
            let shard = try #require(Shard("\(k)/\(n)"))
            for w in windows where shard.owns(w) { seen[w, default: 0] += 1 }
        }
        #expect(seen.count == windows.count)
        #expect(seen.values.allSatisfy { $0 == 1 })
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "x", "1/2/3"])
    func badShardsAreRejected(_ text: String) {
        #expect(Shard(text) == nil)
    }

    @Test func jobFilesParse() throws {
        let dir = try TempDir("jobfiles")
        defer { dir.cleanup() }
        try "report: hourly\ndelay: 15m\nlookback: 3d\nformats: [json]\nsites: [a.example]\n".write(
            toFile: dir.path + "/hourly.yml", atomically: true, encoding: .utf8)
        try "report: daily\n".write(toFile: dir.path + "/daily.yml", atomically: true, encoding: .utf8)
        let jobs = try JobCatalog.load(directory: dir.path)
        #expect(jobs.map(\.name) == ["daily", "hourly"])
        #expect(jobs[1] == JobDefinition(name: "hourly", kind: .hourly, sites: ["a.example"], delaySeconds: 900, lookbackSeconds: 3 * 86_400, formats: [.json]))
        #expect(jobs[0].delaySeconds == 3600)
    }

    @Test(arguments: ["report: yearly\n", "report: daily\ndelay: soon\n", "report: daily\nformats: [pdf]\n", "- a\n- b\n"])
    func badJobFilesAreRejected(_ text: String) throws {
        let dir = try TempDir("badjob")
        defer { dir.cleanup() }
        try text.write(toFile: dir.path + "/bad.yml", atomically: true, encoding: .utf8)
        #expect(throws: JobsError.self) { try JobCatalog.load(directory: dir.path) }
    }

    @Test func shippedJobsLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let jobs = try JobCatalog.load(directory: root.appendingPathComponent("Jobs").path)
        #expect(jobs.map(\.name).contains("daily"))
        #expect(jobs.map(\.name).contains("hourly"))
    }

    static func zone(_ name: String) throws -> SiteZone { try #require(SiteZone(identifier: name)) }

    @Test func aLocalDayIsDueOnceItHasEndedInItsZone() throws {
        let job = JobDefinition(name: "daily", kind: .daily, delaySeconds: 3600, lookbackSeconds: 2 * 86_400)
        let zones = ["ams.example": try Self.zone("Europe/Amsterdam"), "ny.example": try Self.zone("America/New_York")]
        let sites = ["ams.example", "ny.example", "utc.example"]
        func due(_ now: String) -> [String] {
            WindowPlanner.due(job: job, sites: sites, zones: zones, nowSeconds: Self.at(now))
                .filter { $0.day == Self.day }.map(\.site)
        }
        // Amsterdam's 26 November ends at 23:00Z, UTC's at 00:00Z, New York's at 05:00Z (+1 h delay each).
        #expect(due("2026-11-26T23:59:59.000Z") == [])
        #expect(due("2026-11-27T00:00:00.000Z") == ["ams.example"])
        #expect(due("2026-11-27T01:00:00.000Z") == ["ams.example", "utc.example"])
        #expect(due("2026-11-27T05:59:59.000Z") == ["ams.example", "utc.example"])
        #expect(due("2026-11-27T06:00:00.000Z") == ["ams.example", "ny.example", "utc.example"])
    }

    @Test func lookbackCountsLocalDays() throws {
        let job = JobDefinition(name: "daily", kind: .daily, delaySeconds: 0, lookbackSeconds: 2 * 86_400)
        let zones = ["k.example": try Self.zone("Asia/Kathmandu")]
        // 19:00Z on the 28th is 00:45 on the 29th in Kathmandu; two days back is the 27th, local.
        let due = WindowPlanner.due(job: job, sites: ["k.example"], zones: zones, nowSeconds: Self.at("2026-11-28T19:00:00.000Z"))
        #expect(due.map { Timestamp.formatDay($0.day) } == ["2026-11-27", "2026-11-28"])
        #expect(due.map { Timestamp.formatSeconds($0.startSeconds) } == ["2026-11-26T18:15:00Z", "2026-11-27T18:15:00Z"])
    }

    @Test func hourlyWindowsFollowTheLocalClock() throws {
        let job = JobDefinition(name: "hourly", kind: .hourly, delaySeconds: 0, lookbackSeconds: 3 * 3600)
        let zones = ["ams.example": try Self.zone("Europe/Amsterdam"), "k.example": try Self.zone("Asia/Kathmandu")]
        // 02:30Z on 25 October 2026: Amsterdam has had 02:00+02:00 and 02:00+01:00 since 00:00Z.
        let ams = WindowPlanner.due(job: job, sites: ["ams.example"], zones: zones, nowSeconds: Self.at("2026-10-25T02:30:00.000Z"))
        #expect(ams.map { zones["ams.example"]?.format($0.start) ?? "" } == [
            "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00",
        ])
        #expect(ams.map(\.startHour.hourString) == ["23", "00", "01"])
        let k = WindowPlanner.due(job: job, sites: ["k.example"], zones: zones, nowSeconds: Self.at("2026-11-26T10:20:00.000Z"))
        #expect(k.map { Timestamp.formatSeconds($0.startSeconds) } == [
            "2026-11-26T07:15:00Z", "2026-11-26T08:15:00Z", "2026-11-26T09:15:00Z",
        ])
    }

    @Test func rangesAreLocalDaysOfEachSite() throws {
        let zones = ["ams.example": try Self.zone("Europe/Amsterdam")]
        let day = try #require(Timestamp.parseDay("2026-10-25"))
        let hourly = WindowPlanner.range(kind: .hourly, sites: ["ams.example", "utc.example"], zones: zones, fromDay: day, toDay: day)
        #expect(hourly.filter { $0.site == "ams.example" }.count == 25)
        #expect(hourly.filter { $0.site == "utc.example" }.count == 24)
        let march = try #require(Timestamp.parseDay("2026-03-29"))
        #expect(WindowPlanner.range(kind: .hourly, sites: ["ams.example"], zones: zones, fromDay: march, toDay: march).count == 23)
        let daily = WindowPlanner.range(kind: .daily, sites: ["ams.example"], zones: zones, fromDay: day, toDay: day + 1)
        #expect(daily.map(\.identity) == ["daily/site=ams.example/date=2026-10-25", "daily/site=ams.example/date=2026-10-26"])
        #expect(daily[0].endSeconds == daily[1].startSeconds)
    }

    @Test(arguments: [2, 3])
    func shardsSplitZonedWindowsWithoutOverlap(_ n: Int) throws {
        let zones = ["ams.example": try Self.zone("Europe/Amsterdam")]
        let day = try #require(Timestamp.parseDay("2026-10-24"))
        let windows = WindowPlanner.range(kind: .hourly, sites: ["ams.example"], zones: zones, fromDay: day, toDay: day + 2)
        var seen: [String: Int] = [:]
        for k in 1...n {
            let shard = try #require(Shard("\(k)/\(n)"))
            for w in windows where shard.owns(w) { seen[w.identity, default: 0] += 1 }
        }
        #expect(seen.count == windows.count)
        #expect(seen.values.allSatisfy { $0 == 1 })
    }
}

/// ISO weeks, months and the weekly and monthly jobs' due periods.
@Suite struct PeriodPlanningTests {
    @Test(arguments: [
        ("2026-11-26", "2026-W48", "2026-11-23"), ("2026-12-31", "2026-W53", "2026-12-28"),
        ("2027-01-01", "2026-W53", "2026-12-28"), ("2024-12-30", "2025-W01", "2024-12-30"),
        ("2021-01-03", "2020-W53", "2020-12-28"), ("1970-01-01", "1970-W01", "1969-12-29"),
    ])
    func isoWeeks(day: String, week: String, monday: String) throws {
        let d = try #require(Timestamp.parseDay(day))
        #expect(PeriodCalendar.weekLabel(d) == week)
        #expect(Timestamp.formatDay(PeriodCalendar.weekStart(containing: d)) == monday)
        #expect(PeriodCalendar.parseWeek(week).map(Timestamp.formatDay) == monday)
    }

    @Test(arguments: ["2026-W54", "2025-W53", "2026-48", "2026-W4", "x"])
    func badWeeksAreRefused(_ text: String) {
        #expect(PeriodCalendar.parseWeek(text) == nil)
    }

    @Test func monthsRunFromTheFirstToTheLastDay() throws {
        let d = try #require(Timestamp.parseDay("2028-02-15"))
        #expect(Timestamp.formatDay(PeriodCalendar.monthStart(containing: d)) == "2028-02-01")
        #expect(Timestamp.formatDay(PeriodCalendar.monthEnd(containing: d)) == "2028-02-29")
        #expect(PeriodCalendar.monthLabel(d) == "2028-02")
        #expect(PeriodCalendar.parseMonth("2028-13") == nil)
    }

    @Test func duePeriodsAreTheEndedOnesWithinTheLookback() throws {
        let now = try #require(Timestamp.parseMillis("2026-12-02T07:00:00.000Z")) / 1000
        let weekly = JobDefinition(name: "weekly", kind: .weekly, delaySeconds: 7200, lookbackSeconds: 21 * 86_400)
        let weeks = WindowPlanner.due(job: weekly, sites: ["a.example"], nowSeconds: now)
        #expect(weeks.map(\.identity) == ["46", "47", "48"].map { "weekly/site=a.example/week=2026-W\($0)" })
        #expect(weeks.allSatisfy { $0.dayCount == 7 })
        let monthly = JobDefinition(name: "monthly", kind: .monthly, delaySeconds: 7200, lookbackSeconds: 62 * 86_400)
        let months = WindowPlanner.due(job: monthly, sites: ["a.example"], nowSeconds: now)
        #expect(months.map(\.identity) == ["monthly/site=a.example/month=2026-10", "monthly/site=a.example/month=2026-11"])
        // Before the delay has passed, the month that just ended is not due.
        let early = WindowPlanner.due(job: monthly, sites: ["a.example"], nowSeconds: now - 30 * 3600)
        #expect(early.map(\.identity) == ["09", "10"].map { "monthly/site=a.example/month=2026-\($0)" })
    }
}
