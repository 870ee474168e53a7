import Foundation
import TidemarkCodec
import TidemarkReplication
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// Segment uploads to three real SeaweedFS regions: one region after another
/// versus all three in parallel (the replica set's write path).
enum UploadBench {
    static func run(_ options: [String: String]) async throws {
        let count = BenchMain.int(options, "segments", 300)
        let kib = BenchMain.int(options, "kib", 256)
        print("starting three SeaweedFS regions…")
        let cluster = try await SeaweedCluster.start()
        defer { Task { await cluster.stop() } }
        var stores: [S3Store] = []
        for r in cluster.regions {
            var c = r.s3Configuration(bucket: "bench")
            c.baseTimeoutMs = 30_000
            let store = S3Store(client: try S3Client(c))
            try await store.prepare()
            stores.append(store)
        }
        // Incompressible-ish bodies, like gzip segments.
        var rng = SystemRandomNumberGenerator()
        let segments: [(String, [UInt8], String)] = (0..<count).map { i in
            let bytes = (0..<(kib * 1024)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return ("bench/seg-\(i).ndjson.gz", bytes, Checksum.sha256Hex(bytes))
        }
        let totalMB = Double(count * kib) / 1024

        let serial = Stopwatch()
        for store in stores {
            for (key, bytes, sha) in segments {
                _ = try await store.put("serial/" + key, bytes: bytes, sha256: sha, contentType: "application/gzip", ifAbsent: true)
            }
        }
        let serialSeconds = serial.seconds

        let oneRegion = Stopwatch()
        for (key, bytes, sha) in segments {
            _ = try await stores[0].put("one/" + key, bytes: bytes, sha256: sha, contentType: "application/gzip", ifAbsent: true)
        }
        let oneSeconds = oneRegion.seconds

        let regions = RegionSet(stores)
        let parallel = Stopwatch()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                guard next < segments.count else { return }
                let (key, bytes, sha) = segments[next]
                next += 1
                group.addTask {
                    let results = await regions.putEverywhere(
                        "parallel/" + key, bytes: bytes, sha256: sha, contentType: "application/gzip", ifAbsent: true)
                    for r in results { _ = try r.get() }
                }
            }
            for _ in 0..<4 { start() }
            while try await group.next() != nil { start() }
        }
        let parallelSeconds = parallel.seconds

        func row(_ name: String, _ s: Double, _ copies: Int) -> String {
            String(format: "| %@ | %.2f s | %.1f MB/s of segments | %.0f segments/s |", name, s, totalMB / s, Double(count) / s)
                + " \(copies) cop\(copies == 1 ? "y" : "ies") |"
        }
        print("\n\(count) segments × \(kib) KiB (\(String(format: "%.0f", totalMB)) MB)")
        print("| mode | wall | throughput | rate | copies |")
        print("|---|---|---|---|---|")
        print(row("1 region", oneSeconds, 1))
        print(row("3 regions, one after another", serialSeconds, 3))
        print(row("3 regions in parallel (RegionSet.putEverywhere, 4 segments in flight)", parallelSeconds, 3))
        await cluster.stop()
    }
}
