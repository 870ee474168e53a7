import TidemarkCodec
import TidemarkStore

/// Uploads what the spool's hand-off queues hold to their regions, all regions
/// in parallel, retrying each with back-off until it has everything or the
/// policy gives up for this run; then drops segments every region has.
///
/// This is Vector's sink shape: take from the buffer, send, and acknowledge
/// (remove the marker) only on success.
///
/// Every file-system call and every hash runs through `BlockingIO`, never on
/// the calling task's thread: in the collector tasks run on NIO's event loops,
/// and a region catching up on thousands of segments must not hold them
/// (BENCHMARKS.md, "Collector while a region catches up").
///
/// The spool's drain lock is held only to queue orphans and to delete
/// delivered segments, never across an upload: what it protects is that a
/// segment is not deleted while a region's marker for it is still being
/// written (sealing holds it too). Uploads need no lock — they are idempotent
/// and a marker only goes after its region has the segment — so a hung region
/// delays neither sealing nor the other regions.
package struct HandoffDrainer: Sendable {
    /// The spool to drain.
    package let spool: Spool
    /// The regions, by name.
    package let regions: RegionSet
    /// Patience per region.
    package let policy: RetryPolicy
    /// Uploads in flight per region.
    package let width: Int
    /// Priority of its file-system work and hashing (the collector drains at `.background`).
    package let priority: BlockingIO.Priority
    /// Told the region's name each time a region confirms one segment, as
    /// it happens (a catch-up of thousands of segments is one long drain;
    /// the collector's metrics follow it segment by segment).
    package let onDelivered: @Sendable (_ region: String) -> Void

    package init(
        spool: Spool, regions: RegionSet, policy: RetryPolicy, width: Int = 4, priority: BlockingIO.Priority = .normal,
        onDelivered: @escaping @Sendable (_ region: String) -> Void = { _ in }
    ) {
        self.spool = spool
        self.regions = regions
        self.policy = policy
        self.width = max(1, width)
        self.priority = priority
        self.onDelivered = onDelivered
    }

    /// Drains every queue once.
    package func drain() async throws -> DrainReport {
        let spool = self.spool
        _ = try await spool.withDrainLock { try await BlockingIO.run(priority) { try spool.recoverOrphans() } }
        let results = await withTaskGroup(of: RegionDrainResult.self) { group in
            for store in regions.stores {
                group.addTask { await drainRegion(store) }
            }
            var out: [RegionDrainResult] = []
            for await r in group { out.append(r) }
            return out
        }
        let order = regions.names
        return DrainReport(
            regions: results.sorted { (order.firstIndex(of: $0.region) ?? 0) < (order.firstIndex(of: $1.region) ?? 0) },
            segmentsRemoved: try await removeDelivered())
    }

    /// Drains one region's queue once and deletes, of the segments it
    /// delivered, those every region now has; nil for an unknown region.
    /// Orphans and leftovers from a crash are `drain()`'s business: this runs
    /// every few hundred milliseconds and must not walk a large spool.
    package func drain(region name: String) async throws -> RegionDrainResult? {
        guard let store = regions.stores.first(where: { $0.name == name }) else { return nil }
        let result = await drainRegion(store)
        if !result.deliveredKeys.isEmpty { _ = try await removeDelivered(Array(result.deliveredKeys)) }
        return result
    }

    /// Deletes those of `keys` (all spooled segments when nil) that no region still needs.
    private func removeDelivered(_ keys: [String]? = nil) async throws -> Int {
        let spool = self.spool
        return try await spool.withDrainLock {
            try await BlockingIO.run(priority) {
                var removed = 0
                for key in try keys ?? spool.segmentKeys() where try spool.removeIfDelivered(key) {
                    removed += 1
                }
                return removed
            }
        }
    }

    /// The keys `region` still needs, read off the calling thread.
    private func pending(_ region: String) async throws -> [String] {
        let spool = self.spool
        return try await BlockingIO.run(priority) { try spool.pending(for: region) }
    }

    private func drainRegion(_ store: any ObjectStore) async -> RegionDrainResult {
        var result = RegionDrainResult(region: store.name)
        var state = HandoffState(policy: policy)
        // A cancelled drain (shutdown) stops between rounds; its uploads were aborted and stay queued.
        while !Task.isCancelled {
            let keys: [String]
            do {
                keys = try await pending(store.name)
            } catch {
                result.lastError = "\(error)"
                break
            }
            if keys.isEmpty { break }
            let round = await uploadRound(keys, to: store)
            result.delivered += round.delivered.count
            result.deliveredKeys.formUnion(round.delivered)
            if let e = round.error { result.lastError = e.withinRegion }
            // Aborted uploads say nothing about the region: neither done nor down.
            if Task.isCancelled { break }
            switch state.roundEnded(remaining: keys.count - round.delivered.count, delivered: round.delivered.count, failed: round.error != nil) {
            case .done:
                result.remaining = 0
                await regions.health.markUp(store.name)
                return result
            case .retry(let ms):
                if ms > 0 { try? await Task.sleep(for: .milliseconds(ms)) }
            case .giveUp:
                result.gaveUp = true
                await regions.health.markDown(store.name)
                result.remaining = (try? await pending(store.name).count) ?? 0
                return result
            }
        }
        result.remaining = (try? await pending(store.name).count) ?? 0
        return result
    }

    // A struct, not a tuple: see `Indexed`.
    private struct Upload: Sendable {
        var key: String
        var error: StoreError?
    }

    private struct Round {
        var delivered: Set<String> = []
        var error: StoreError?
    }

    // Uploads `keys` with `width` in flight; after the first failure no new
    // upload starts, so a hung region costs one timeout per round.
    private func uploadRound(_ keys: [String], to store: any ObjectStore) async -> Round {
        await withTaskGroup(of: Upload.self) { group in
            var round = Round()
            var next = 0
            var stop = false
            func start() {
                guard !stop, next < keys.count else { return }
                let key = keys[next]
                next += 1
                group.addTask { Upload(key: key, error: await upload(key, to: store)) }
            }
            for _ in 0..<width { start() }
            for await done in group {
                if let error = done.error {
                    round.error = error
                    stop = true
                } else {
                    round.delivered.insert(done.key)
                    onDelivered(store.name)
                }
                start()
            }
            return round
        }
    }

    /// A spooled segment read and hashed, or gone already.
    private struct Spooled: Sendable {
        var bytes: [UInt8]
        var sha256: String
    }

    private func upload(_ key: String, to store: any ObjectStore) async -> StoreError? {
        let spool = self.spool
        let region = store.name
        do {
            let spooled: Spooled? = try await BlockingIO.run(priority) {
                guard let bytes = try spool.segmentBytes(key) else {
                    // The segment left the spool already; the marker is stale.
                    try spool.markDelivered(key, region: region)
                    return nil
                }
                return Spooled(bytes: bytes, sha256: Checksum.sha256Hex(bytes))
            }
            guard let spooled else { return nil }
            let sha = spooled.sha256
            let id = key.split(separator: "/").last.map { String($0.dropLast(".ndjson.gz".count)) } ?? ""
            guard id.hasSuffix(String(sha.prefix(16))) else {
                return StoreError(.corrupt, region: "spool", operation: "READ", key: key,
                    detail: "spooled bytes do not match the key's checksum (sha256 \(sha)); left in the spool for inspection")
            }
            _ = try await store.put(
                key, bytes: spooled.bytes, sha256: sha, contentType: "application/x-ndjson", ifAbsent: true)
            try await BlockingIO.run(priority) { try spool.markDelivered(key, region: region) }
            return nil
        } catch {
            return StoreError.wrap(error, region: store.name, operation: "PUT", key: key)
        }
    }
}

/// What one drain did.
package struct DrainReport: Sendable {
    /// One entry per region, in configured order.
    package var regions: [RegionDrainResult]
    /// Segments removed from the spool because every region has them.
    package var segmentsRemoved: Int

    /// Regions that still lack segments.
    package var behind: [RegionDrainResult] { regions.filter { $0.remaining > 0 } }
}

/// What one drain did for one region.
package struct RegionDrainResult: Sendable {
    /// Region name.
    package var region: String
    /// Segments delivered (written or already present).
    package var delivered = 0
    /// Their keys.
    package var deliveredKeys: Set<String> = []
    /// Segments still queued for the region.
    package var remaining = 0
    /// True when retries ran out.
    package var gaveUp = false
    /// The last failure seen, one line, without the region's name (`region` holds it).
    package var lastError: String?

    package init(region: String) { self.region = region }
}
