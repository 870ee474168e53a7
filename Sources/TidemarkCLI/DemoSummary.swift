import Foundation
import TidemarkReports

/// Reads the daily `report.json` of each demo site from the local report
/// folder and prints the totals people look at first.
struct DemoSummary {
    /// One site's daily totals, as `report.json` holds them.
    struct SiteTotals: Decodable {
        /// `pageviews`.
        var pageviews: Int
        /// Custom events.
        var events: Int
        /// `visitors`.
        var visitors: Int
        /// `visits`.
        var visits: Int
        /// `bounce_rate`, 0…1.
        var bounceRate: Double
        /// `bot_events`.
        var botEvents: Int

        enum CodingKeys: String, CodingKey {
            case pageviews, events, visitors, visits
            case bounceRate = "bounce_rate"
            case botEvents = "bot_events"
        }
    }

    private struct ReportHead: Decodable {
        var totals: SiteTotals
    }

    /// The local report folder.
    let reportsDir: String

    /// The folder of a site's daily report for `day`.
    func folder(site: String, day: Int) -> String {
        reportsDir + "/" + ReportWindow.daily(site: site, day: day).identity
    }

    /// The daily totals of `site`.
    func totals(site: String, day: Int) throws -> SiteTotals {
        let path = folder(site: site, day: day) + "/" + ReportFile.json.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("demo: the daily report \(path) is missing; run `tidemark demo` again")
        }
        do {
            return try JSONDecoder().decode(ReportHead.self, from: data).totals
        } catch {
            throw CLIError("demo: \(path) is not a readable report: \(error)")
        }
    }

    /// The table of totals, one row per site, each of its day in `days`.
    func table(sites: [String], days: [String: Int]) throws -> [String] {
        let width = max(4, sites.map(\.count).max() ?? 4)
        func row(_ cells: [String]) -> String {
            cells[0].padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + cells.dropFirst().enumerated().map { i, c in
                    let w = [9, 8, 7, 11, 13][i]
                    return String(repeating: " ", count: max(0, w - c.count)) + c
                }.joined(separator: "  ")
        }
        var lines = [row(["site", "pageviews", "visitors", "visits", "bounce rate", "custom events"])]
        for site in sites {
            let t = try totals(site: site, day: days[site] ?? 0)
            lines.append(
                row([
                    site, String(t.pageviews), String(t.visitors), String(t.visits),
                    String(format: "%.2f %%", t.bounceRate * 100), String(t.events),
                ]))
        }
        return lines
    }
}
