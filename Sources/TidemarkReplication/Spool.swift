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
        // Only a queue that was never created is empty; any other failure to
        // list it is an error, never "nothing pending" (fail closed).
        guard let names = try Self.listDirectory(dir) else { return [] }
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
    ///
    /// Neither this removal nor `removeIfDelivered`'s is fsynced: one lost in
    /// a crash brings back a marker whose segment the region already has
    /// (the upload is redone with if-absent and finds it), or a segment that
    /// no queue names (an orphan, queued again and uploaded idempotently), or
    /// a marker whose segment is gone (dropped as stale). A region catching
    /// up on thousands of segments would otherwise cost two directory fsyncs
    /// per segment, and every request's journal fsync queues behind them.
    package func markDelivered(_ key: String, region: String) throws {
        try DurableFiles.remove(markerPath(key, region: region), sync: false)
    }

    /// Deletes `key` from the spool when no region still needs it; returns
    /// whether it did.
    @discardableResult
    package func removeIfDelivered(_ key: String) throws -> Bool {
        for region in regions where try markerExists(key, region: region) {
            return false
        }
        try DurableFiles.remove(segmentPath(key), sync: false)
        return true
    }

    /// Whether `region`'s marker for `key` is there; throws when that cannot
    /// be told (a marker that cannot be looked at never counts as delivered).
    func markerExists(_ key: String, region: String) throws -> Bool {
        let path = markerPath(key, region: region)
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT { return false }
            throw DurableFiles.Failure(
                path: path, detail: "cannot tell whether \(region) still needs \(key): \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw DurableFiles.Failure(
                path: path, detail: "queue marker for \(key) is not a regular file; \(region) may still need it")
        }
        return true
    }

    /// The names in `dir`; nil when it does not exist.
    static func listDirectory(_ dir: String) throws -> [String]? {
        guard let handle = opendir(dir) else {
            if errno == ENOENT { return nil }
            throw DurableFiles.Failure(path: dir, detail: "cannot list queue: \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
            errno = 0
        }
        if errno != 0 {
            throw DurableFiles.Failure(path: dir, detail: "cannot list queue: \(String(cString: strerror(errno)))")
        }
        return names
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
            let queued = try regions.contains { try markerExists(key, region: $0) }
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
        let root = self.root
        let path = root + "/.drain.lock"
        let fd = try await BlockingIO.run {
            try DurableFiles.makeDirectories(root)
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw DurableFiles.Failure(path: path, detail: "cannot open lock: \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX) == 0 else {
                let detail = "flock failed: \(String(cString: strerror(errno)))"
                close(fd)
                throw DurableFiles.Failure(path: path, detail: detail)
            }
            return fd
        }
        defer { close(fd) }
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
