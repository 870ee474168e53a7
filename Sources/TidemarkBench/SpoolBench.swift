import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkStore

/// The spool's bookkeeping while one region is down for a long time: its
/// queue grows to `--segments` markers, and every drain attempt of that
/// region and every delivery to the others must stay cheap.
enum SpoolBench {
    static func run(_ options: [String: String]) async throws {
        let count = BenchMain.int(options, "segments", 100_000)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tidemark-spool-bench-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stores = ["eu", "us", "ap"].map { FileStore(name: $0, root: dir + "/regions/" + $0) }
        let regions = RegionSet(stores)
        let spool = Spool(root: dir + "/spool", regions: regions.names)

        // The backlog: segments eu and us already have, queued for ap only.
        // Written directly (no fsync): setting the scene is not what is measured.
        print("queueing \(count) segments for region ap…")
        let setup = Stopwatch()
        let day = Timestamp.parseDay("2026-11-26") ?? 0
        for i in 0..<count {
            let key = BucketLayout(prefix: "tm").segment(
                site: "s\(i % 100).example", hour: UTCHour(day: day, hour: i / 100 % 24),
                segmentID: "20261126T000000000Z-\(String(format: "%016x", i))")
            let path = spool.root + "/segments/" + key
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data([0x1f, 0x8b])) else {
                throw BenchError("cannot write \(path)")
            }
            try spool.enqueue(key, for: ["ap"])
        }
        print(String(format: "  set up in %.1f s", setup.seconds))

        for attempt in ["first", "second", "third"] {
            let watch = Stopwatch()
            let pending = try spool.pending(for: "ap")
            print(String(format: "ap's queue listed (%@ look): %d keys in %.3f s", attempt, pending.count, watch.seconds))
        }
        let drainer = HandoffDrainer(spool: spool, regions: regions, policy: RetryPolicy(maxAttempts: 1))
        for n in 0..<3 {
            try spool.add(try segment(n))
            let watch = Stopwatch()
            let result = try await drainer.drain(region: "eu")
            print(String(format: "eu drains 1 new segment beside the backlog: %d delivered in %.3f s",
                result?.delivered ?? 0, watch.seconds))
        }
    }

    /// A small real segment (content-addressed, so the drainer accepts it).
    static func segment(_ n: Int) throws -> SealedSegment {
        let start: Int64 = 1_795_000_000_000 / 3_600_000 * 3_600_000
        let hour = UTCHour(epochMillis: start)
        let builder = try SegmentBuilder(site: "bench.example", hour: hour)
        for i in 0..<10 {
            let event = Event(
                id: String(format: "%032x", n * 100 + i), ts: Timestamp.formatMillis(start + Int64(i)),
                epochMillis: start + Int64(i), site: "bench.example", type: .pageview, name: "", path: "/",
                refHost: "", utmSource: "", utmMedium: "", utmCampaign: "", visitor: String(format: "%016x", i),
                country: "", browser: "", os: "", device: .desktop)
            var line: [UInt8] = []
            EventEncoder.append(event, to: &line)
            try line.withUnsafeBytes { try builder.append(line: $0, epochMillis: event.epochMillis) }
        }
        return try builder.seal(prefix: "tm")
    }
}
