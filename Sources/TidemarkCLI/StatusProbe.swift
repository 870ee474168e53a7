import Foundation
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkStore

/// Everything `tidemark status` shows, gathered once.
struct StatusSnapshot {
    struct Region {
        var name: String
        var reachable: Bool
        var latencyMs: Int
        var error: String?
        /// Segments and bytes this region holds in the recent days.
        var segments = 0
        var bytes = 0
        /// Segments (and bytes) other regions hold that this one lacks.
        var missingSegments = 0
        var missingBytes = 0
        /// Hand-off queue for this region in the local spool.
        var queued = 0
        var queuedBytes = 0
        var oldestQueued: String?
        /// Since when it has been unreachable, as seen by status runs on this host.
        var unreachableSinceMillis: Int64?
    }

    struct Watermark {
        var site: String
        var collector: String
        var millis: Int64
    }

    var nowMillis: Int64
    var days: [String]
    var regions: [Region] = []
    var watermarks: [Watermark] = []
    var jobs: [JobRunRecord] = []
    /// Reasons a person should look, one line each; empty when all is well.
    var alerts: [String] = []
    /// Configured sites and the zone each is reported in (SPEC §3.1).
    var sites: [(name: String, zone: SiteZone)] = []
}

/// Gathers a `StatusSnapshot`: latency per region, recent segments per region
/// against the union of all regions, the local hand-off backlog, collectors'
/// watermarks and the jobs' last runs.
enum StatusProbe {
    struct Thresholds {
        var unreachableAfterMs: Int64
        var queueAgeAfterMs: Int64
        var failedRuns: Int
    }

    static func gather(
        config: TidemarkConfiguration, stores: [any ObjectStore], days: Int, nowMillis: Int64, thresholds: Thresholds
    ) async throws -> StatusSnapshot {
        let regions = RegionSet(stores)
        let today = Int(nowMillis / 86_400_000)
        let dayNumbers = (0..<max(1, days)).map { today - $0 }.reversed()
        var snap = StatusSnapshot(nowMillis: nowMillis, days: dayNumbers.map(Timestamp.formatDay))
        snap.sites = config.sites.map { ($0, config.zone(for: $0)) }

        // Reachability and latency: one small listing each, in parallel.
        snap.regions = await withTaskGroup(of: Indexed<StatusSnapshot.Region>.self) { group in
            for (i, store) in stores.enumerated() {
                group.addTask {
                    let start = ContinuousClock.now
                    var r = StatusSnapshot.Region(name: store.name, reachable: true, latencyMs: 0)
                    do {
                        _ = try await store.listFolders(prefix: SegmentKey.events(prefix: config.prefix))
                    } catch {
                        r.reachable = false
                        r.error = "\(error)"
                    }
                    let d = ContinuousClock.now - start
                    r.latencyMs = Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
                    return Indexed(i, r)
                }
            }
            var out = [StatusSnapshot.Region?](repeating: nil, count: stores.count)
            for await r in group { out[r.index] = r.value }
            return out.compactMap { $0 }
        }

        // Recent segments: per region against the union.
        var sites: Set<String> = []
        for store in stores {
            for f in (try? await store.listFolders(prefix: SegmentKey.events(prefix: config.prefix))) ?? [] {
                if let site = BucketLayout.folderValue(f, field: "site") { sites.insert(site) }
            }
        }
        for site in sites.sorted() {
            for day in dayNumbers {
                let listing = await regions.listUnion(prefix: SegmentKey.dayPrefix(prefix: config.prefix, site: site, day: day))
                for (_, entry) in listing.entries {
                    for i in stores.indices {
                        if entry.regions.contains(i) {
                            snap.regions[i].segments += 1
                            snap.regions[i].bytes += entry.size
                        } else if snap.regions[i].reachable {
                            snap.regions[i].missingSegments += 1
                            snap.regions[i].missingBytes += entry.size
                        }
                    }
                }
            }
        }

        // The local spool's hand-off queues.
        let spool = Spool(root: config.spool, regions: stores.map(\.name))
        for (i, b) in ((try? spool.backlog()) ?? []).enumerated() where i < snap.regions.count {
            snap.regions[i].queued = b.segments
            snap.regions[i].queuedBytes = b.bytes
            snap.regions[i].oldestQueued = b.oldestKey
        }

        // Watermarks.
        let wmRoot = BucketLayout(prefix: config.prefix).watermarks
        let wm = await regions.listUnion(prefix: wmRoot)
        for key in wm.sortedKeys {
            guard let object = try? await regions.readVerified(key),
                let json = JSONValue.parse(object.bytes),
                let site = json["site"]?.string, let collector = json["collector"]?.string,
                let millis = json["watermark"]?.string.flatMap(Timestamp.parseMillis)
            else { continue }
            snap.watermarks.append(StatusSnapshot.Watermark(site: site, collector: collector, millis: millis))
        }
        snap.jobs = await JobRunRecord.loadAll(prefix: config.prefix, regions: regions)

        // How long each region has been unreachable, remembered on this host.
        var memory = UnreachableMemory(path: config.spool + "/state/unreachable.json")
        for i in snap.regions.indices {
            snap.regions[i].unreachableSinceMillis = memory.update(
                region: snap.regions[i].name, reachable: snap.regions[i].reachable, nowMillis: nowMillis)
        }
        memory.save()

        for r in snap.regions {
            if let since = r.unreachableSinceMillis, nowMillis - since >= thresholds.unreachableAfterMs {
                snap.alerts.append("region \(r.name) unreachable for \(Self.duration(nowMillis - since))")
            }
            if let oldest = r.oldestQueued, let key = SegmentKey(parsing: oldest, prefix: config.prefix),
                nowMillis - key.hour.startSeconds * 1000 - 3_600_000 >= thresholds.queueAgeAfterMs
            {
                snap.alerts.append("region \(r.name) still lacks \(r.queued) spooled segment(s), oldest from \(key.hour.dateString) \(key.hour.hourString):00")
            }
        }
        for j in snap.jobs where j.consecutiveFailures >= thresholds.failedRuns {
            snap.alerts.append("job \(j.job) failed \(j.consecutiveFailures) run(s) in a row: \(j.error ?? "")")
        }
        return snap
    }

    static func duration(_ ms: Int64) -> String {
        let s = ms / 1000
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }
}

/// First-seen-unreachable times per region, kept in the spool so a region
/// that is down for one status run does not page anyone.
struct UnreachableMemory {
    let path: String
    private var since: [String: Int64] = [:]

    init(path: String) {
        self.path = path
        if let data = FileManager.default.contents(atPath: path), let members = JSONValue.parse(Array(data))?.members {
            for (k, v) in members { if let n = v.int64 { since[k] = n } }
        }
    }

    mutating func update(region: String, reachable: Bool, nowMillis: Int64) -> Int64? {
        if reachable {
            since[region] = nil
            return nil
        }
        let first = since[region] ?? nowMillis
        since[region] = first
        return first
    }

    func save() {
        let body = "{" + since.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}\n"
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? body.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
