import Foundation
import TidemarkCore
import TidemarkReplication
import TidemarkStore

/// Gathers a ``StatusSnapshot`` for `tidemark status`: latency per region,
/// recent segments per region against the union of all regions, the local
/// hand-off backlog, collectors' watermarks and the jobs' last runs, and the
/// alerts a person should see. State that cannot be read is an alert, never
/// an empty list.
package enum StatusProbe {
    /// When something needs a person.
    package struct Thresholds: Sendable {
        /// A region unreachable this long.
        package var unreachableAfterMs: Int64
        /// A spooled segment still undelivered this long after its hour.
        package var queueAgeAfterMs: Int64
        /// A job that failed this many runs in a row.
        package var failedRuns: Int

        package init(unreachableAfterMs: Int64, queueAgeAfterMs: Int64, failedRuns: Int) {
            self.unreachableAfterMs = unreachableAfterMs
            self.queueAgeAfterMs = queueAgeAfterMs
            self.failedRuns = failedRuns
        }
    }

    /// The snapshot at `nowMillis` (time passed in), counting segments of the
    /// last `days` UTC dates.
    package static func gather(
        config: TidemarkConfiguration, stores: [any ObjectStore], days: Int, nowMillis: Int64, thresholds: Thresholds
    ) async -> StatusSnapshot {
        let regions = RegionSet(stores)
        let layout = BucketLayout(prefix: config.prefix)
        let today = Int(nowMillis / 86_400_000)
        let dayNumbers = (0..<max(1, days)).map { today - $0 }.reversed()
        var snap = StatusSnapshot(nowMillis: nowMillis, days: dayNumbers.map(Timestamp.formatDay))
        snap.sites = config.sites.map { StatusSnapshot.Site(name: $0, zone: config.zone(for: $0)) }
        snap.regions = await reachability(stores, layout: layout)

        // Recent segments: per region against the union.
        var sites: Set<String> = []
        for store in stores {
            for f in (try? await store.listFolders(prefix: layout.events)) ?? [] {
                if let site = BucketLayout.folderValue(f, field: "site") { sites.insert(site) }
            }
        }
        for site in sites.sorted() {
            for day in dayNumbers {
                let listing = await regions.listUnion(prefix: layout.eventDay(site: site, day: day))
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
        do {
            for (i, b) in try spool.backlog().enumerated() where i < snap.regions.count {
                snap.regions[i].queued = b.segments
                snap.regions[i].queuedBytes = b.bytes
                snap.regions[i].oldestQueued = b.oldestKey
            }
        } catch {
            snap.alerts.append("spool \(config.spool): the hand-off queues cannot be read: \(error)")
        }

        let (marks, unreadableMarks) = await watermarks(layout: layout, regions: regions)
        snap.watermarks = marks
        let (jobs, unreadableJobs) = await JobRunRecord.loadAll(prefix: config.prefix, regions: regions)
        snap.jobs = jobs
        snap.alerts += (unreadableMarks + unreadableJobs).map(\.description)

        // How long each region has been unreachable, remembered on this host.
        let memoryPath = UnreachableMemory.path(spool: config.spool)
        var memory: UnreachableMemory
        do {
            memory = try UnreachableMemory(path: memoryPath)
        } catch {
            snap.alerts.append("\(error); unreachable times start again now")
            memory = UnreachableMemory(replacing: memoryPath)
        }
        for i in snap.regions.indices {
            snap.regions[i].unreachableSinceMillis = memory.update(
                region: snap.regions[i].name, reachable: snap.regions[i].reachable, nowMillis: nowMillis)
        }
        do {
            try memory.save()
        } catch {
            snap.alerts.append("\(error)")
        }
        snap.alerts += alerts(snap, prefix: config.prefix, thresholds: thresholds)
        return snap
    }

    /// Reachability and latency: one small listing per region, in parallel.
    static func reachability(_ stores: [any ObjectStore], layout: BucketLayout) async -> [StatusSnapshot.Region] {
        await withTaskGroup(of: Indexed<StatusSnapshot.Region>.self) { group in
            for (i, store) in stores.enumerated() {
                group.addTask {
                    let start = ContinuousClock.now
                    var r = StatusSnapshot.Region(name: store.name, reachable: true, latencyMs: 0)
                    do {
                        _ = try await store.listFolders(prefix: layout.events)
                    } catch {
                        r.reachable = false
                        // The region is named beside it: its error says the rest.
                        r.error = (error as? StoreError)?.withinRegion ?? "\(error)"
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
    }

    /// Every watermark (the first region with a good copy of each), and those
    /// listed that no region could serve or that do not decode.
    static func watermarks(layout: BucketLayout, regions: RegionSet) async -> ([CollectorWatermark], [StateError]) {
        let listing = await regions.listUnion(prefix: layout.watermarks)
        let read = await regions.readStates(listing.sortedKeys) { bytes, key, region in
            try StateJSON.decode(CollectorWatermark.self, from: bytes, key: key, region: region)
        }
        return (read.values, read.unreadable)
    }

    /// Regions down too long, spooled segments waiting too long, jobs failing in a row.
    static func alerts(_ snap: StatusSnapshot, prefix: String, thresholds: Thresholds) -> [String] {
        var alerts: [String] = []
        let now = snap.nowMillis
        for r in snap.regions {
            if let since = r.unreachableSinceMillis, now - since >= thresholds.unreachableAfterMs {
                alerts.append("region \(r.name) unreachable for \(StatusSnapshot.duration(now - since))")
            }
            if let oldest = r.oldestQueued, let key = SegmentKey(parsing: oldest, prefix: prefix),
                now - key.hour.startSeconds * 1000 - 3_600_000 >= thresholds.queueAgeAfterMs
            {
                alerts.append(
                    "region \(r.name) still lacks \(r.queued) spooled segment(s), oldest from \(key.hour.dateString) \(key.hour.hourString):00")
            }
        }
        for j in snap.jobs where j.consecutiveFailures >= thresholds.failedRuns {
            alerts.append("job \(j.job) failed \(j.consecutiveFailures) run(s) in a row: \(j.error ?? "")")
        }
        return alerts
    }
}
