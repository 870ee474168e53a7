import Foundation
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// A fresh temporary directory, removed by `cleanup()`.
struct TempDir {
    let path: String

    init(_ label: String = "t") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tidemark-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// A bucket name no other test uses.
func uniqueBucket(_ label: String = "t") -> String {
    "\(label)-\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20))"
}

/// An S3 store on one region of the shared cluster, in a bucket of its own.
func sharedS3Store(region index: Int = 0, pageSize: Int = 1000) async throws -> S3Store {
    let cluster = try await sharedCluster()
    var config = cluster.regions[index].s3Configuration(bucket: uniqueBucket())
    config.baseTimeoutMs = 5000
    let store = S3Store(client: try S3Client(config), pageSize: pageSize)
    try await store.prepare()
    return store
}

/// Stops a suite's cluster and removes its work directory without waiting:
/// a suite's deinit may run on one of the cooperative pool's two threads, and
/// waiting there for an async stop deadlocked the whole run. Servers still
/// running at exit are killed by PID (atexit, scripts/test.sh).
func stopInBackground(_ cluster: SeaweedCluster, cleaning work: TempDir) {
    Task.detached {
        await cluster.stop()
        work.cleanup()
    }
}
