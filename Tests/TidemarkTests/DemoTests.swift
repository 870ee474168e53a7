import Foundation
import Testing

/// `tidemark demo` end to end through the built binary, in a fresh folder.
@Suite("Demo command")
struct DemoTests {
    static let date = "2026-11-26"
    static let sites = ["example.com", "shop.example.com"]

    /// Every file under the local report folder and the regions' report prefixes, by path.
    static func reportFiles(_ root: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let dirs = ["tidemark-data/reports"] + ["eu", "us", "ap"].map { "tidemark-data/regions/\($0)/tidemark/reports" }
        for dir in dirs {
            for path in try FileManager.default.subpathsOfDirectory(atPath: root + "/" + dir) {
                let full = root + "/" + dir + "/" + path
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                    out[dir + "/" + path] = FileManager.default.contents(atPath: full)
                }
            }
        }
        return out
    }

    /// Without --date each site gets yesterday in its own zone (SPEC §3.1):
    /// at 23:30Z on 30 November it is already 1 December in Amsterdam, so
    /// shop.example.com's yesterday is 30 November while example.com's (UTC)
    /// is 29 November; at noon both are 29 November.
    @Test(arguments: [
        ("2026-11-30T23:30:00Z", "2026-11-29", "2026-11-30", "2026-11-29 for example.com, 2026-11-30 for shop.example.com"),
        ("2026-11-30T12:00:00Z", "2026-11-29", "2026-11-29", "2026-11-29"),
    ])
    func withoutADateEachSiteGetsYesterdayInItsZone(now: String, utcSite: String, amsterdamSite: String, said: String) async throws {
        let dir = try TempDir("demo-yesterday")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(["demo", "--now", now, "--events", "600"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("tidemark demo: \(said), 600 events"), "\(r.stdout)")
        let daily = dir.path + "/tidemark-data/reports/daily"
        for (site, date) in [("example.com", utcSite), ("shop.example.com", amsterdamSite)] {
            let dates = try FileManager.default.contentsOfDirectory(atPath: daily + "/site=\(site)")
            #expect(dates == ["date=\(date)"], "\(site): \(dates)")
            #expect(r.stdout.contains("daily/site=\(site)/date=\(date)/report.html"), "\(r.stdout)")
        }
        #expect(r.stdout.contains("daily: 2 built"), "\(r.stdout)")
    }

    @Test func demoBuildsReportsEverywhereAndASecondRunChangesNothing() async throws {
        let dir = try TempDir("demo")
        defer { dir.cleanup() }
        let args = ["demo", "--date", Self.date, "--events", "3000"]
        let first = try await BinaryRunner.run(args, in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")

        let folders =
            ["tidemark-data/reports"] + ["eu", "us", "ap"].map { "tidemark-data/regions/\($0)/tidemark/reports" }
        for folder in folders {
            for site in Self.sites {
                for window in ["daily/site=\(site)/date=\(Self.date)", "hourly/site=\(site)/date=\(Self.date)/hour=14"] {
                    for file in ["report.json", "report.csv", "report.html", "manifest.json"] {
                        let path = "\(dir.path)/\(folder)/\(window)/\(file)"
                        #expect(FileManager.default.fileExists(atPath: path), "missing \(path)")
                    }
                }
            }
        }

        // The summary's totals are the daily report's.
        for site in Self.sites {
            let json = try #require(
                FileManager.default.contents(
                    atPath: "\(dir.path)/tidemark-data/reports/daily/site=\(site)/date=\(Self.date)/report.json"))
            let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            let totals = try #require(report["totals"] as? [String: Any])
            let row = try #require(
                first.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.first { $0.first == site },
                "no summary row for \(site) in:\n\(first.stdout)")
            try #require(row.count >= 7)
            #expect(Int(row[1]) == totals["pageviews"] as? Int)
            #expect(Int(row[2]) == totals["visitors"] as? Int)
            #expect(Int(row[3]) == totals["visits"] as? Int)
            let bounce = try #require(totals["bounce_rate"] as? Double)
            #expect(row[4] == String(format: "%.2f", bounce * 100))
            #expect(Int(row[6]) == totals["events"] as? Int)
            #expect(((totals["pageviews"] as? Int) ?? 0) > 0)
            #expect(first.stdout.contains("./tidemark-data/reports/daily/site=\(site)/date=\(Self.date)/report.html"))
        }
        #expect(!first.stdout.contains("nothing changed"))
        // It ends with the command that opens the dashboard on this data.
        #expect(first.stdout.contains(try BinaryRunner.executable() + " serve"), "\(first.stdout)")
        #expect(first.stdout.contains("http://127.0.0.1:8787/"))
        let before = try Self.reportFiles(dir.path)

        let second = try await BinaryRunner.run(args, in: dir.path)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("nothing changed"))
        #expect(second.stdout.contains("hourly: 0 built, 48 unchanged"))
        #expect(second.stdout.contains("daily: 0 built, 2 unchanged"))
        let after = try Self.reportFiles(dir.path)
        #expect(before.count > 0)
        #expect(before == after)
    }

    @Test func demoRejectsABadDate() async throws {
        let dir = try TempDir("demo-bad")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(["demo", "--date", "2026-13-01", "--events", "10"], in: dir.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("--date"))
    }
}
