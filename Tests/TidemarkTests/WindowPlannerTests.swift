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

    @Test(arguments: ["report: weekly\n", "report: daily\ndelay: soon\n", "report: daily\nformats: [pdf]\n", "- a\n- b\n"])
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
}
