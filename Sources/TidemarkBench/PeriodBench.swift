import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkStore
import TidemarkSynthetic

/// A period report (SPEC §4.3) over many days of one site: `tidemark report`
/// merging the stored daily partials, against rebuilding the same days from
/// their segments (`backfill --force`) and DuckDB computing the same period
/// from the raw segments; then the partials' size per event.
enum PeriodBench {
    static let site = "bench.example"

    static func run(_ options: [String: String]) async throws {
        let days = BenchMain.int(options, "days", 31)
        let perDay = BenchMain.int(options, "per-day", 200_000)
        let from = options["from"] ?? "2026-10-01"
        let onlyReport = options["only-report"] == "1"
        guard let firstDay = Timestamp.parseDay(from), days >= 1 else { throw BenchError("--from \(from): not a date") }
        let to = Timestamp.formatDay(firstDay + days - 1)
        let dir = options["dir"] ?? FileManager.default.currentDirectoryPath + "/.tidemark-bench-period"
        let region = dir + "/regions/bench"
        let marker = dir + "/generated-\(days)-\(perDay)-\(from)"
        if !FileManager.default.fileExists(atPath: marker) {
            try? FileManager.default.removeItem(atPath: dir)
            print("generating \(days) days × \(perDay) events into \(region)…")
            let t = Stopwatch()
            var segments = 0
            var bytes = 0
            for d in 0..<days {
                let (n, b) = try await generate(day: firstDay + d, seed: UInt64(42 + d), events: perDay, region: region)
                segments += n
                bytes += b
            }
            print(String(format: "  %d segments, %.1f MB gzip, %.1f s", segments, Double(bytes) / 1_048_576, t.seconds))
            _ = FileManager.default.createFile(atPath: marker, contents: nil)
        }
        try ReportBench.writeConfig(dir: dir, region: region)
        let config = dir + "/tidemark.yml"
        let tidemark = try ReportBench.executable("tidemark")
        // Build every day once (not timed), so the partials are in place.
        _ = try ReportBench.measure(tidemark, ["backfill", "--config", config, "--job", "daily", "--from", from, "--to", to])
        let events = days * perDay
        print("\n\(days) days \(from)..\(to), ~\(perDay) events a day (\(events) events)")
        print("| what | wall | CPU (user+sys) | peak RSS |")
        print("|---|---|---|---|")
        var reports: [ReportBench.Measurement] = []
        for _ in 0..<3 {
            reports.append(
                try ReportBench.measure(tidemark, ["report", "--config", config, "--site", site, "--from", from, "--to", to]))
        }
        let report = reports.min { $0.wall < $1.wall } ?? reports[0]
        print(row("tidemark report --from \(from) --to \(to) (best of 3)", report))
        if !onlyReport {
            let backfill = try ReportBench.measure(
                tidemark, ["backfill", "--config", config, "--job", "daily", "--from", from, "--to", to, "--force"])
            print(row("tidemark backfill --job daily --force, the same days", backfill))
            if let python = ReportBench.duckDBPython() {
                let script = dir + "/duckdb-period.py"
                try duckDBScript(region: region).write(toFile: script, atomically: true, encoding: .utf8)
                let duck = try ReportBench.measure(python, [script])
                print(row("DuckDB 2 threads, same period totals + top pages from the segments", duck))
                print(String(format: "\nreport is %.0f× faster than backfill --force and %.0f× faster than DuckDB",
                    backfill.wall / report.wall, duck.wall / report.wall))
            } else {
                print(String(format: "\nreport is %.0f× faster than backfill --force (DuckDB not installed)", backfill.wall / report.wall))
            }
        }
        var partialBytes = 0
        for d in 0..<days {
            let path = region + "/" + BucketLayout(prefix: "bench").partial(site: site, day: firstDay + d)
            partialBytes += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        print(String(format: "partials: %.1f KiB a day on average, %.3f bytes per event", Double(partialBytes) / Double(days) / 1024,
            Double(partialBytes) / Double(events)))
    }

    static func row(_ name: String, _ m: ReportBench.Measurement) -> String {
        String(format: "| %@ | %.3f s | %.2f s | %.0f MiB |", name, m.wall, m.cpu, Double(m.maxRSSKiB) / 1024)
    }

    static func generate(day: Int, seed: UInt64, events: Int, region: String) async throws -> (Int, Int) {
        var limits = SegmentBatcher.Limits()
        limits.maxEvents = 10_000
        let batcher = SegmentBatcher(prefix: "bench", limits: limits)
        let store = FileStore(name: "bench", root: region)
        var sealed: [SealedSegment] = []
        let generator = SyntheticDay(seed: seed, day: day, sites: [site], eventsPerSite: events)
        try generator.forEachLine { line in
            guard case .event(let e) = EventParser.parse(line) else { return }
            var l = line
            sealed += try l.withUTF8 { try batcher.add(line: UnsafeRawBufferPointer($0), event: e) }
        }
        sealed += try batcher.finish()
        var bytes = 0
        for s in sealed {
            _ = try await store.put(s.key.key, bytes: s.bytes, sha256: s.sha256, contentType: "application/gzip", ifAbsent: false)
            bytes += s.bytes.count
        }
        return (sealed.count, bytes)
    }

    /// The period's totals and top pages as an analyst would write them over
    /// the raw segments: dedupe by id within each day (first segment key
    /// wins), drop bots, visits by the 30-minute rule within each day,
    /// visitors as the sum of each day's distinct visitors, top pages exact
    /// over the period.
    static func duckDBScript(region: String) -> String {
        let glob = region + "/bench/events/*/*/*/*.ndjson.gz"
        return """
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        con.execute(\"\"\"
        CREATE TEMP TABLE ev AS
        WITH raw AS (
          SELECT id, ts, type, path, visitor, device, filename, substr(ts, 1, 10) AS day FROM read_ndjson('\(glob)',
            columns = {id: 'VARCHAR', ts: 'VARCHAR', type: 'VARCHAR', path: 'VARCHAR', visitor: 'VARCHAR', device: 'VARCHAR'},
            filename = true))
        SELECT * FROM raw WHERE device <> 'bot'
        QUALIFY row_number() OVER (PARTITION BY day, id ORDER BY filename) = 1
        \"\"\")
        totals = con.execute(\"\"\"
        WITH v AS (SELECT day, id, visitor, type, CAST(ts AS TIMESTAMP) AS t FROM ev),
        s AS (SELECT *, CASE WHEN lag(t) OVER w IS NULL OR t - lag(t) OVER w > INTERVAL 1800 SECOND THEN 1 ELSE 0 END AS starts
              FROM v WINDOW w AS (PARTITION BY day, visitor ORDER BY t, id)),
        d AS (SELECT day, count(*) FILTER (WHERE type = 'pageview') AS pv, count(DISTINCT visitor) AS vis, sum(starts) AS visits
              FROM s GROUP BY day)
        SELECT sum(pv), sum(vis), sum(visits) FROM d
        \"\"\").fetchall()
        pages = con.execute(\"\"\"
        WITH p AS (SELECT day, path, count(*) AS n, count(DISTINCT visitor) AS u FROM ev WHERE type = 'pageview' GROUP BY day, path)
        SELECT path, sum(n) AS n, sum(u) FROM p GROUP BY path ORDER BY n DESC, path LIMIT 50
        \"\"\").fetchall()
        print("pageviews, visitors, visits:", totals[0], "top pages:", len(pages))
        """
    }
}
