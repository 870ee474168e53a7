import Foundation
import Synchronization
import TidemarkCodec
import TidemarkCore
import TidemarkStore

#if canImport(Glibc)
import Glibc
#endif

/// The collector's local, durable spool with one hinted-handoff queue per
/// region (SPEC §3).
///
/// Layout under `root`:
/// - `segments/{key}`: a sealed segment, fsynced before anything is queued;
/// - `queue/{region}/{hash of key}`: a marker holding the key, meaning the
///   region still needs that segment.
/// A segment leaves the spool once no region's queue names it. A segment
/// found with no marker at all (a crash between sealing and queueing, or
/// between the last delivery and the delete) is queued for every region
/// again: uploads are idempotent, so that is always safe.
package struct Spool: Sendable {
    /// The spool directory.
    package let root: String
    /// The regions that must each receive every segment.
    package let regions: [String]
    // Shared by copies of this value: a marker's name never changes what it
    // holds, so each is read once, not on every look at a long queue.
    private let markerKeys = MarkerKeys()

    package init(root: String, regions: [String]) {
        self.root = root
        self.regions = regions
    }

    var segmentsDir: String { root + "/segments" }
    func queueDir(_ region: String) -> String { root + "/queue/" + region }

    /// Makes a sealed segment durable and queues it for every region.
    package func add(_ segment: SealedSegment) throws {
        try DurableFiles.write(segment.bytes, to: segmentPath(segment.key.key))
        try enqueue(segment.key.key, for: regions)
    }

    /// Queues `key` (already in the spool) for `regions`.
    package func enqueue(_ key: String, for regions: [String]) throws {
        for region in regions {
            try DurableFiles.write(Array(key.utf8), to: markerPath(key, region: region))
        }
    }

    /// The keys `region` still needs, in key order.
    ///
    /// A region that is down for a day can have hundreds of thousands of
    /// markers, looked at by every drain attempt and gauge refresh: only
    /// markers not seen before are read.
    package func pending(for region: String) throws -> [String] {
        let dir = queueDir(region)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        let known = markerKeys.queue(region: region)
        var current: [String: String] = [:]
        current.reserveCapacity(names.count)
        var unchanged = true
        for name in names where !name.hasPrefix(".") {
            if let key = known.byName[name] {
                current[name] = key
            } else if let bytes = try DurableFiles.read(dir + "/" + name) {
                current[name] = String(decoding: bytes, as: UTF8.self)
                unchanged = false
            }
        }
        if unchanged && current.count == known.byName.count { return known.sorted }
        let sorted = current.values.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        markerKeys.replace(region: region, with: MarkerKeys.Queue(byName: current, sorted: sorted))
        return sorted
    }

    /// A spooled segment's bytes; nil when it is gone.
    package func segmentBytes(_ key: String) throws -> [UInt8]? {
        try DurableFiles.read(segmentPath(key))
    }

    /// Records that `region` has `key`.
    package func markDelivered(_ key: String, region: String) throws {
        try DurableFiles.remove(markerPath(key, region: region))
    }

    /// Deletes `key` from the spool when no region still needs it; returns
    /// whether it did.
    @discardableResult
    package func removeIfDelivered(_ key: String) throws -> Bool {
        for region in regions where FileManager.default.fileExists(atPath: markerPath(key, region: region)) {
            return false
        }
        try DurableFiles.remove(segmentPath(key))
        return true
    }

    /// Every segment key held in the spool.
    package func segmentKeys() throws -> [String] {
        let base = segmentsDir
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var keys: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            guard !name.hasPrefix("."), (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular
            else { continue }
            keys.append(rel)
        }
        return keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Queues again every spooled segment that no queue names; returns them.
    package func recoverOrphans() throws -> [String] {
        var orphans: [String] = []
        for key in try segmentKeys() {
            let queued = regions.contains { FileManager.default.fileExists(atPath: markerPath(key, region: $0)) }
            if !queued {
                try enqueue(key, for: regions)
                orphans.append(key)
            }
        }
        return orphans
    }

    /// What each region still needs: segment count and bytes, and the oldest
    /// pending segment's hour.
    package func backlog() throws -> [RegionBacklog] {
        try regions.map { region in
            let keys = try pending(for: region)
            var bytes = 0
            for key in keys {
                let attrs = try? FileManager.default.attributesOfItem(atPath: segmentPath(key))
                bytes += (attrs?[.size] as? NSNumber)?.intValue ?? 0
            }
            return RegionBacklog(region: region, segments: keys.count, bytes: bytes, oldestKey: keys.first)
        }
    }

    /// Runs `body` holding the spool's drain lock, so two processes never
    /// upload and delete the same segments at once.
    package func withDrainLock<T>(_ body: () async throws -> T) async throws -> T {
        try DurableFiles.makeDirectories(root)
        let path = root + "/.drain.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw DurableFiles.Failure(path: path, detail: "cannot open lock: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        try await BlockingIO.run {
            guard flock(fd, LOCK_EX) == 0 else {
                throw DurableFiles.Failure(path: path, detail: "flock failed: \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }

    func segmentPath(_ key: String) -> String { segmentsDir + "/" + key }

    func markerPath(_ key: String, region: String) -> String {
        queueDir(region) + "/" + String(Checksum.sha256Hex(Array(key.utf8)).prefix(32))
    }
}

/// Each region's queue as last listed: marker file name → the key it holds,
/// and the keys in order.
private final class MarkerKeys: Sendable {
    struct Queue {
        var byName: [String: String] = [:]
        var sorted: [String] = []
    }

    private let byRegion = Mutex<[String: Queue]>([:])

    func queue(region: String) -> Queue { byRegion.withLock { $0[region] ?? Queue() } }

    func replace(region: String, with queue: Queue) { byRegion.withLock { $0[region] = queue } }
}

/// One region's hand-off queue, summarised.
package struct RegionBacklog: Sendable, Equatable {
    /// Region name.
    package var region: String
    /// Segments the region still needs.
    package var segments: Int
    /// Their bytes.
    package var bytes: Int
    /// The first pending key in key order (the oldest partition).
    package var oldestKey: String?
}
