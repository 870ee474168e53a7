import Foundation
import Testing
import TidemarkTesting

/// `Fixtures/import/`: real-world shaped inputs, each imported in an empty
/// folder with the embedded default through the built binary (`tidemark
/// ingest`, then `tidemark backfill --job daily` with the built-in jobs),
/// and the daily report compared with the expected one in `cases.json`.
@Suite("Import corpus through tidemark ingest and backfill")
struct ImportCorpusTests {
    /// One entry of `cases.json`.
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var kind: String
        var file: String
        var args: [String]
        var status: Int32
        var stdout: [String]?
        var stderr: [String]?
        var totals: [String: Int]?
        var top_pages: [[Entry]]?
        var referrers: [[Entry]]?
        var utm_sources: [[Entry]]?
        var browsers: [[Entry]]?

        var testDescription: String { "\(kind) (\(file))" }
    }

    /// A key or a count in an expected top list row.
    enum Entry: Decodable, Equatable, Sendable {
        case text(String)
        case number(Int)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
        }
    }

    struct Manifest: Decodable {
        var site: String
        var date: String
        var cases: [Case]
    }

    static let folder: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/import")
    }()

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
    }

    static let cases: [Case] = (try? manifest().cases) ?? []

    @Test func corpusIsComplete() throws {
        let manifest = try Self.manifest()
        let listed = Set(manifest.cases.map(\.file))
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder.path))
            .subtracting(["cases.json", "README.md"])
        #expect(listed == present)
        #expect(manifest.cases.count >= 10)
    }

    @Test(arguments: cases)
    func importCase(_ c: Case) async throws {
        let manifest = try Self.manifest()
        let dir = try TempDir("corpus")
        defer { dir.cleanup() }
        try FileManager.default.copyItem(
            atPath: Self.folder.appendingPathComponent(c.file).path, toPath: dir.path + "/" + c.file)
        let ingest = try await BinaryRunner.run(["ingest"] + c.args + [c.file], in: dir.path)
        #expect(ingest.status == c.status, "stdout: \(ingest.stdout)\nstderr: \(ingest.stderr)")
        for text in c.stdout ?? [] { #expect(ingest.stdout.contains(text), "stdout: \(ingest.stdout)") }
        for text in c.stderr ?? [] { #expect(ingest.stderr.contains(text), "stderr: \(ingest.stderr)") }
        guard let totals = c.totals else {
            // Refused: nothing of the file may reach a region.
            #expect(try localRegionLines(dir.path + "/tidemark-data/regions/eu").isEmpty)
            return
        }
        let backfill = try await BinaryRunner.run(
            ["backfill", "--job", "daily", "--from", manifest.date, "--to", manifest.date], in: dir.path)
        #expect(backfill.status == 0, "\(backfill.stderr)")
        let path = dir.path + "/tidemark-data/reports/daily/site=\(manifest.site)/date=\(manifest.date)/report.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let got = report["totals"] as? [String: Any]
        else {
            Issue.record("report.json has no totals")
            return
        }
        for (name, value) in totals { #expect(got[name] as? Int == value, "totals.\(name): \(got[name] ?? "nil")") }
        Self.compare(report, "top_pages", key: "path", count: "pageviews", c.top_pages)
        Self.compare(report, "referrers", key: "host", count: "visits", c.referrers)
        Self.compare(report, "utm_sources", key: "value", count: "visits", c.utm_sources)
        Self.compare(report, "browsers", key: "name", count: "visitors", c.browsers)
    }

    private static func compare(_ report: [String: Any], _ list: String, key: String, count: String, _ expected: [[Entry]]?) {
        guard let expected else { return }
        let rows = (report[list] as? [[String: Any]] ?? []).map { row -> [Entry] in
            [.text(row[key] as? String ?? ""), .number(row[count] as? Int ?? -1)]
        }
        #expect(rows == expected, "\(list)")
    }
}
