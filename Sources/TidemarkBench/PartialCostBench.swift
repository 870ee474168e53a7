import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkJobs
import TidemarkReports

/// What writing the daily partial costs the daily build: one site-day (the
/// `report` benchmark's data) aggregated in memory, finishing with the report
/// alone against the report plus the partial (untruncated lists, JSON, gzip),
/// alternating, in one process; and the partial's size per event.
enum PartialCostBench {
    static func run(_ options: [String: String]) async throws {
        let dir = options["dir"] ?? FileManager.default.currentDirectoryPath + "/.tidemark-bench"
        let runs = BenchMain.int(options, "runs", 3)
        let region = dir + "/regions/bench"
        let files = try ReportBench.segmentFiles(region).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard !files.isEmpty else { throw BenchError("no segments under \(region): run `tidemark-bench report` first") }
        var hours: [(UTCHour, [SegmentRows])] = []
        var events = 0
        var site = ""
        var day = 0
        for path in files {
            guard let key = SegmentKey(parsing: String(path.dropFirst(region.count + 1)), prefix: "bench") else { continue }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            var rows = SegmentRows()
            var s = key.site
            try s.withUTF8 { siteBytes in
                try SegmentReader.forEachLine(in: bytes, key: key.key) { line in
                    rows.add(line: line, site: UnsafeRawBufferPointer(siteBytes), hour: key.hour)
                }
            }
            events += rows.eventsRead
            site = key.site
            day = key.hour.day
            if let last = hours.last, last.0 == key.hour {
                hours[hours.count - 1].1.append(rows)
            } else {
                hours.append((key.hour, [rows]))
            }
        }
        print("\(events) events of \(site) on \(Timestamp.formatDay(day)), \(files.count) segments, in memory")
        print("| run | report only | report + partial (lists, JSON, gzip) | extra |")
        print("|---|---|---|---|")
        var size = 0
        for r in 1...runs {
            let a = Stopwatch()
            var plain = DailyReportBuilder(site: site, day: day)
            for (h, segments) in hours { try plain.addHour(h, segments: segments) }
            _ = plain.finish(reader: ReaderCounts(segments: files.count, eventsRead: events, invalidLines: 0), complete: true)
            let reportOnly = a.seconds
            let b = Stopwatch()
            var with = DailyReportBuilder(site: site, day: day)
            for (h, segments) in hours { try with.addHour(h, segments: segments) }
            let built = with.finishWithPartial(
                reader: ReaderCounts(segments: files.count, eventsRead: events, invalidLines: 0), complete: true)
            size = try PartialObject.encode(built.partial).count
            let withPartial = b.seconds
            print(String(format: "| %d | %.3f s | %.3f s | %+.1f%% |", r, reportOnly, withPartial,
                (withPartial / reportOnly - 1) * 100))
        }
        print(String(format: "partial.json.gz: %d bytes, %.4f bytes per event", size, Double(size) / Double(events)))
    }
}
