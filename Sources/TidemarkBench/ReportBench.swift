import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkStore
import TidemarkSynthetic

#if canImport(Glibc)
import Glibc
#endif

/// The daily report's hot path on one site-day: `tidemark backfill --force`
/// from a local-directory region, against `zcat` of the same segments and
/// DuckDB computing the same totals from the same files.
enum ReportBench {
    static let day = "2026-11-26"

    static func run(_ options: [String: String]) async throws {
        let events = BenchMain.int(options, "events", 2_000_000)
        let perSegment = BenchMain.int(options, "per-segment", 10_000)
        let dir = options["dir"] ?? FileManager.default.currentDirectoryPath + "/.tidemark-bench"
        let region = dir + "/regions/bench"
        let marker = dir + "/generated-\(events)-\(perSegment)"
        if !FileManager.default.fileExists(atPath: marker) {
            try? FileManager.default.removeItem(atPath: dir)
            print("generating \(events) events for one site-day into \(region)…")
            let t = Stopwatch()
            let (segments, bytes) = try await generate(events: events, perSegment: perSegment, region: region)
            print(String(format: "  %d segments, %.1f MB gzip, %.1f s", segments, Double(bytes) / 1_048_576, t.seconds))
            _ = FileManager.default.createFile(atPath: marker, contents: nil)
        }
        try writeConfig(dir: dir, region: region)
        let files = try segmentFiles(region)
        let gzBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }

        let tidemark = try executable("tidemark")
        print("\n\(events) events, \(files.count) segments, " + String(format: "%.1f MB gzip", Double(gzBytes) / 1_048_576))
        print("| what | wall | CPU (user+sys) | events/s (wall) | peak RSS |")
        print("|---|---|---|---|---|")
        // Warm the page cache so every contender reads from memory.
        _ = try measure("/bin/sh", ["-c", "cat \(region)/bench/events/*/*/*/*.ndjson.gz > /dev/null"])
        let zcat = try measure("/bin/sh", ["-c", "cat \(region)/bench/events/*/*/*/*.ndjson.gz | gzip -dc > /dev/null"])
        print(row("zcat of the segments (1 core)", zcat, events))
        let build = try measure(
            tidemark, ["backfill", "--config", dir + "/tidemark.yml", "--job", "daily", "--from", day, "--to", day, "--force"])
        print(row("tidemark backfill --job daily --force", build, events))
        if let python = duckDBPython() {
            let script = dir + "/duckdb-report.py"
            try duckDBScript(region: region).write(toFile: script, atomically: true, encoding: .utf8)
            let duck = try measure(python, [script])
            print(row("DuckDB 2 threads, same totals + top pages", duck, events))
        } else {
            print("| DuckDB | not installed (pip install duckdb into .tidemark-test/venv) | | | |")
        }
    }

    struct Measurement {
        var wall: Double
        var cpu: Double
        var maxRSSKiB: Int
    }

    static func row(_ name: String, _ m: Measurement, _ events: Int) -> String {
        String(
            format: "| %@ | %.2f s | %.2f s | %.2f M | %.0f MiB |", name, m.wall, m.cpu, Double(events) / m.wall / 1e6,
            Double(m.maxRSSKiB) / 1024)
    }

    /// Runs a child process to completion under GNU time, for its wall time,
    /// CPU time and peak RSS (Foundation's Process reaps children itself, so
    /// wait4 cannot see their usage).
    static func measure(_ path: String, _ args: [String]) throws -> Measurement {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("tm-time-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        p.arguments = ["-o", report, "-f", "%e %U %S %M", path] + args
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw BenchError("\(path) \(args.joined(separator: " ")) failed (status \(p.terminationStatus))")
        }
        let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        guard fields.count >= 4 else { throw BenchError("could not read /usr/bin/time's report") }
        return Measurement(wall: fields[0], cpu: fields[1] + fields[2], maxRSSKiB: Int(fields[3]))
    }

    static func generate(events: Int, perSegment: Int, region: String) async throws -> (Int, Int) {
        var limits = SegmentBatcher.Limits()
        limits.maxEvents = perSegment
        let batcher = SegmentBatcher(prefix: "bench", limits: limits)
        let store = FileStore(name: "bench", root: region)
        var sealed: [SealedSegment] = []
        var count = 0
        var bytes = 0
        let generator = SyntheticDay(seed: 42, day: Timestamp.parseDay(day) ?? 0, sites: ["bench.example"], eventsPerSite: events)
        try generator.forEachLine { line in
            guard case .event(let e) = EventParser.parse(line) else { return }
            var l = line
            sealed += try l.withUTF8 { try batcher.add(line: UnsafeRawBufferPointer($0), event: e) }
        }
        sealed += try batcher.finish()
        for s in sealed {
            _ = try await store.put(s.key.key, bytes: s.bytes, sha256: s.sha256, contentType: "application/gzip", ifAbsent: false)
            count += 1
            bytes += s.bytes.count
        }
        return (count, bytes)
    }

    static func writeConfig(dir: String, region: String) throws {
        try FileManager.default.createDirectory(atPath: dir + "/jobs", withIntermediateDirectories: true)
        try "report: daily\ndelay: 0s\nlookback: 1d\nformats: [json, csv, html]\n".write(
            toFile: dir + "/jobs/daily.yml", atomically: true, encoding: .utf8)
        try """
        prefix: bench
        regions:
          - name: bench
            endpoint: file://\(region)
        spool: \(dir)/spool
        jobs: \(dir)/jobs
        """.write(toFile: dir + "/tidemark.yml", atomically: true, encoding: .utf8)
    }

    static func segmentFiles(_ region: String) throws -> [String] {
        let base = region + "/bench/events"
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            if rel.hasSuffix(".ndjson.gz") { out.append(base + "/" + rel) }
        }
        return out
    }

    static func executable(_ name: String) throws -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = own.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("\(path) not found: build it with `swift build -c release`")
        }
        return path
    }

    static func duckDBPython() -> String? {
        let root = FileManager.default.currentDirectoryPath
        for candidate in [root + "/.tidemark-test/venv/bin/python3", "/usr/bin/python3"] {
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            if (try? measure(candidate, ["-c", "import duckdb"])) != nil { return candidate }
        }
        return nil
    }

    /// The same numbers as the report's totals and top pages, written the way
    /// an analyst would: dedupe by id (first segment key wins), drop bots,
    /// visits by the 30-minute rule with window functions.
    static func duckDBScript(region: String) -> String {
        let glob = region + "/bench/events/*/*/*/*.ndjson.gz"
        return """
        import duckdb
        con = duckdb.connect()
        con.execute("SET threads = 2")
        totals = con.execute(\"\"\"
        WITH raw AS (
          SELECT id, ts, type, path, visitor, device, filename FROM read_ndjson('\(glob)',
            columns = {id: 'VARCHAR', ts: 'VARCHAR', type: 'VARCHAR', path: 'VARCHAR', visitor: 'VARCHAR', device: 'VARCHAR'},
            filename = true)),
        ev AS (SELECT * FROM raw QUALIFY row_number() OVER (PARTITION BY id ORDER BY filename) = 1),
        v AS (SELECT id, visitor, type, CAST(ts AS TIMESTAMP) AS t FROM ev WHERE device <> 'bot'),
        s AS (SELECT *, CASE WHEN lag(t) OVER w IS NULL OR t - lag(t) OVER w > INTERVAL 1800 SECOND THEN 1 ELSE 0 END AS starts
              FROM v WINDOW w AS (PARTITION BY visitor ORDER BY t, id))
        SELECT count(*) FILTER (WHERE type = 'pageview'), count(DISTINCT visitor), sum(starts) FROM s
        \"\"\").fetchall()
        pages = con.execute(\"\"\"
        SELECT path, count(*) AS n, count(DISTINCT visitor) FROM read_ndjson('\(glob)',
          columns = {path: 'VARCHAR', visitor: 'VARCHAR', type: 'VARCHAR', device: 'VARCHAR'})
        WHERE type = 'pageview' AND device <> 'bot' GROUP BY path ORDER BY n DESC, path LIMIT 50
        \"\"\").fetchall()
        print("pageviews, visitors, visits:", totals[0], "top pages:", len(pages))
        """
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
