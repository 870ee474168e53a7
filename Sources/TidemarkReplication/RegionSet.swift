import TidemarkCodec
import TidemarkCore
import TidemarkStore

/// The configured regions, in read order, with the reads and writes that span
/// them: parallel writes, union listings and verified failover reads (SPEC §3).
package struct RegionSet: Sendable {
    /// The regions in configured (read) order.
    package let stores: [any ObjectStore]
    /// Regions that failed during this process's run are tried last.
    package let health: RegionHealth

    /// `retryDownAfter`: how long a region that failed is skipped by
    /// listings and writes (and read last) before it is tried again.
    package init(_ stores: [any ObjectStore], retryDownAfter: Duration = .seconds(30)) {
        self.stores = stores
        health = RegionHealth(retryAfter: retryDownAfter)
    }

    /// Region names in configured order.
    package var names: [String] { stores.map(\.name) }

    /// Writes one object to every region in parallel; one result per region,
    /// in configured order.
    package func putEverywhere(
        _ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool
    ) async -> [Result<PutOutcome, StoreError>] {
        let down = await health.downSet()
        // Child results are structs, not (Int, Result) tuples: Swift 6.3.1's
        // optimiser returned a garbage index from such tuples in release builds.
        return await withTaskGroup(of: Indexed<Result<PutOutcome, StoreError>>.self) { group in
            for (i, store) in stores.enumerated() {
                group.addTask {
                    if down.contains(store.name) { return Indexed(i, .failure(skipped(store.name, "PUT", key))) }
                    do {
                        let outcome = try await store.put(
                            key, bytes: bytes, sha256: sha256, contentType: contentType, ifAbsent: ifAbsent)
                        return Indexed(i, .success(outcome))
                    } catch {
                        let e = StoreError.wrap(error, region: store.name, operation: "PUT", key: key)
                        if e.isUnavailable { await health.markDown(store.name) }
                        return Indexed(i, .failure(e))
                    }
                }
            }
            var results = [Result<PutOutcome, StoreError>?](repeating: nil, count: stores.count)
            for await r in group { results[r.index] = r.value }
            return results.map {
                $0 ?? .failure(StoreError(.io, region: "?", operation: "PUT", key: key, detail: "no result"))
            }
        }
    }

    /// Lists `prefix` in every region in parallel and merges the keys.
    package func listUnion(prefix: String) async -> UnionListing {
        let down = await health.downSet()
        let perRegion = await withTaskGroup(of: Indexed<Result<[ListedObject], StoreError>>.self) { group in
            for (i, store) in stores.enumerated() {
                group.addTask {
                    if down.contains(store.name) { return Indexed(i, .failure(skipped(store.name, "LIST", prefix))) }
                    do {
                        return Indexed(i, .success(try await store.list(prefix: prefix)))
                    } catch {
                        return Indexed(i, .failure(StoreError.wrap(error, region: store.name, operation: "LIST", key: prefix)))
                    }
                }
            }
            var out = [Result<[ListedObject], StoreError>](
                repeating: .success([]), count: stores.count)
            for await r in group { out[r.index] = r.value }
            return out
        }
        var listing = UnionListing(regionNames: names)
        for (i, result) in perRegion.enumerated() {
            switch result {
            case .success(let objects):
                for object in objects {
                    var entry = listing.entries[object.key] ?? UnionListing.Entry(size: object.size, regions: [])
                    entry.regions.append(i)
                    entry.copies.append(UnionListing.Copy(region: i, size: object.size, etag: object.etag))
                    listing.entries[object.key] = entry
                }
            case .failure(let error):
                listing.failures.append(error)
                if error.isUnavailable { await health.markDown(stores[i].name) }
            }
        }
        return listing
    }

    /// Reads `key` from the first region, healthy ones first in configured
    /// order, whose bytes match their SHA-256 (and the key's 16-hex prefix
    /// for segments). Fails over on unavailability, absence and corruption.
    package func readVerified(
        _ key: String, keySHA256Prefix: String? = nil, skipping: [String] = []
    ) async throws -> VerifiedObject {
        let order = await health.readOrder(names)
        var failures: [StoreError] = []
        for i in order where !skipping.contains(stores[i].name) {
            let store = stores[i]
            do {
                let object = try await store.get(key)
                let sha = try SegmentReader.verify(
                    object.bytes, sha256: object.sha256, keyPrefix: keySHA256Prefix, key: key)
                return VerifiedObject(key: key, bytes: object.bytes, sha256: sha, region: store.name, failures: failures)
            } catch let error as CodecError {
                failures.append(StoreError(.corrupt, region: store.name, operation: "GET", key: key, detail: "\(error)"))
            } catch {
                let wrapped = StoreError.wrap(error, region: store.name, operation: "GET", key: key)
                if wrapped.isUnavailable { await health.markDown(store.name) }
                failures.append(wrapped)
            }
        }
        throw ReplicaReadError(key: key, failures: failures)
    }
}

/// A child task's result with the position it belongs at.
package struct Indexed<Value: Sendable>: Sendable {
    /// Position in the input.
    package var index: Int
    /// The result.
    package var value: Value

    package init(_ index: Int, _ value: Value) {
        self.index = index
        self.value = value
    }
}

// A region that failed to answer earlier in this run costs its timeout once,
// not once per call: later listings and writes skip it at once.
private func skipped(_ region: String, _ operation: String, _ key: String) -> StoreError {
    StoreError(.unavailable, region: region, operation: operation, key: key, detail: "skipped: did not answer earlier in this run")
}

/// The merged listing of every region.
package struct UnionListing: Sendable {
    /// Where a key was seen.
    package struct Entry: Sendable {
        /// Size as listed by the first region that had it.
        package var size: Int
        /// Indices into the region set.
        package var regions: [Int]
        /// What each region listed for the key.
        package var copies: [Copy] = []

        /// True when the regions listed different sizes or entity tags, so
        /// at least one copy is not like the others.
        package var copiesDisagree: Bool {
            guard let first = copies.first else { return false }
            return copies.contains { c in
                c.size != first.size || (c.etag != nil && first.etag != nil && c.etag != first.etag)
            }
        }
    }

    /// One region's listing of a key.
    package struct Copy: Sendable {
        /// Index into the region set.
        package var region: Int
        /// Listed size.
        package var size: Int
        /// Listed entity tag, when the store has one.
        package var etag: String?
    }

    /// Region names in configured order.
    package var regionNames: [String]
    /// Every key any region listed.
    package var entries: [String: Entry] = [:]
    /// Regions whose listing failed.
    package var failures: [StoreError] = []

    /// Keys in UTF-8 byte order.
    package var sortedKeys: [String] {
        entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

/// An object read from a replica whose checksum matched.
package struct VerifiedObject: Sendable {
    /// Object key.
    package var key: String
    /// Verified bytes.
    package var bytes: [UInt8]
    /// Their SHA-256.
    package var sha256: String
    /// The region that served them.
    package var region: String
    /// The replicas that were tried first and failed.
    package var failures: [StoreError]
}

/// No region could serve a good copy of a key.
package struct ReplicaReadError: Error, Sendable, CustomStringConvertible {
    /// The key.
    package var key: String
    /// One failure per region tried.
    package var failures: [StoreError]

    /// Memberwise initialiser.
    package init(key: String, failures: [StoreError]) {
        self.key = key
        self.failures = failures
    }

    package var description: String {
        "no region has a good copy of \(key): " + failures.map { "\($0.region): \($0.detail)" }.joined(separator: "; ")
    }
}

extension StoreError {
    /// `error` as a StoreError, wrapping a `CancellationError` as `.cancelled` and other foreign errors as I/O failures.
    package static func wrap(_ error: any Error, region: String, operation: String, key: String?) -> StoreError {
        if let e = error as? StoreError { return e }
        if error is CancellationError {
            return StoreError(.cancelled, region: region, operation: operation, key: key, detail: "cancelled")
        }
        return StoreError(.io, region: region, operation: operation, key: key, detail: "\(error)")
    }
}
