import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkReports

/// One core, the bench region's segments: verify, inflate, inflate + split
/// lines, inflate + parse to compact rows (what reports use), inflate + parse
/// to `Event` values (what ingest uses). Shows where the report's time goes.
enum ParseBench {
    static func run(_ options: [String: String]) async throws {
        let dir = options["dir"] ?? FileManager.default.currentDirectoryPath + "/.tidemark-bench"
        let files = try ReportBench.segmentFiles(dir + "/regions/bench")
        guard !files.isEmpty else { throw BenchError("no segments in \(dir); run `tidemark-bench report` first") }
        let blobs = try files.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        print("| stage (1 core) | seconds | events/s |")
        print("|---|---|---|")
        var events = 0
        let sha = Stopwatch()
        for b in blobs { _ = Checksum.sha256Hex(b) }
        let shaSeconds = sha.seconds
        let inflate = Stopwatch()
        var bytes = 0
        for b in blobs { bytes += try GzipInflater.decompress(b).count }
        let inflateSeconds = inflate.seconds
        let split = Stopwatch()
        for (i, b) in blobs.enumerated() {
            try SegmentReader.forEachLine(in: b, key: files[i]) { _ in events += 1 }
        }
        let splitSeconds = split.seconds
        let parse = Stopwatch()
        var valid = 0
        for (i, b) in blobs.enumerated() {
            try SegmentReader.forEachLine(in: b, key: files[i]) { line in
                if case .event = EventParser.parse(line) { valid += 1 }
            }
        }
        let parseSeconds = parse.seconds
        let rowsClock = Stopwatch()
        var rowCount = 0
        var site = "bench.example"
        for (i, b) in blobs.enumerated() {
            // Files lie at {region}/{prefix}/events/…: the key starts at the prefix.
            guard let at = files[i].range(of: "/bench/events/"),
                let key = SegmentKey(parsing: String(files[i][files[i].index(after: at.lowerBound)...]), prefix: "bench")
            else { throw BenchError("\(files[i]) is not a segment") }
            let hour = key.hour
            var rows = SegmentRows()
            try site.withUTF8 { site in
                try SegmentReader.forEachLine(in: b, key: files[i]) { line in
                    rows.add(line: line, site: UnsafeRawBufferPointer(site), hour: hour)
                }
            }
            rowCount += rows.eventsRead
        }
        let rowsSeconds = rowsClock.seconds
        func row(_ name: String, _ s: Double) { print(String(format: "| %@ | %.2f | %.2f M |", name, s, Double(events) / s / 1e6)) }
        row("SHA-256 verify", shaSeconds)
        row("inflate (\(bytes / 1_048_576) MB out)", inflateSeconds)
        row("inflate + split lines", splitSeconds)
        row("inflate + split + parse to rows (reports)", rowsSeconds)
        row("inflate + split + parse to Event (ingest)", parseSeconds)
        print("\(valid) valid of \(events) lines; \(rowCount) rows")
    }
}
