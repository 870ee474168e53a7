import TidemarkReplication
import TidemarkStore

/// The small reads of `tidemark serve` over a region set, with the segment
/// reader's failover (SPEC §3): regions in read order, healthy ones first; a
/// region that does not answer is marked down, so a hung one costs its
/// timeout once and is then tried last until `RegionHealth` retries it.
struct RegionReads: Sendable {
    /// The regions (read-only stores).
    let regions: RegionSet

    /// The SHA-256 metadata of `key` from the first region that has it; nil
    /// when every answering region says it is absent. Throws when no region
    /// answered at all, so an outage never reads as "no data".
    func digest(_ key: String) async throws -> String? {
        var failures: [StoreError] = []
        var answered = false
        for i in await regions.health.readOrder(regions.names) {
            let store = regions.stores[i]
            do {
                let info = try await store.head(key)
                if let sha = info.sha256 { return sha }
                answered = true
            } catch {
                let e = StoreError.wrap(error, region: store.name, operation: "HEAD", key: key)
                if e.kind == .notFound {
                    answered = true
                    continue
                }
                if e.isUnavailable { await regions.health.markDown(store.name) }
                failures.append(e)
            }
        }
        if answered { return nil }
        throw ReplicaReadError(key: key, failures: failures)
    }

    /// The bytes of `key` from the first region with a good copy; nil when
    /// every answering region says it is absent.
    func object(_ key: String) async throws -> [UInt8]? {
        do {
            return try await regions.readVerified(key).bytes
        } catch let error as ReplicaReadError {
            if !error.failures.isEmpty, error.failures.allSatisfy({ $0.kind == .notFound }) { return nil }
            throw error
        }
    }

    /// The folder names directly under `prefix` in any answering region
    /// (union), without the prefix and the trailing `/`, in byte order.
    /// Throws when no region answered.
    func folders(_ prefix: String) async throws -> [String] {
        let down = await regions.health.downSet()
        let perRegion = await withTaskGroup(of: Result<[String], StoreError>.self) { group in
            for store in regions.stores where !down.contains(store.name) {
                group.addTask {
                    do {
                        return .success(try await store.listFolders(prefix: prefix))
                    } catch {
                        let e = StoreError.wrap(error, region: store.name, operation: "LIST", key: prefix)
                        if e.isUnavailable { await regions.health.markDown(store.name) }
                        return .failure(e)
                    }
                }
            }
            var out: [Result<[String], StoreError>] = []
            for await r in group { out.append(r) }
            return out
        }
        var names: Set<String> = []
        var failures: [StoreError] = []
        var answered = false
        for r in perRegion {
            switch r {
            case .success(let folders):
                answered = true
                for f in folders where f.hasPrefix(prefix) && f.hasSuffix("/") {
                    names.insert(String(f.dropFirst(prefix.count).dropLast()))
                }
            case .failure(let e): failures.append(e)
            }
        }
        if !answered {
            // Every region is down or was skipped: ask them again, in read order, rather than report nothing.
            for i in await regions.health.readOrder(regions.names) where down.contains(regions.stores[i].name) {
                if let folders = try? await regions.stores[i].listFolders(prefix: prefix) {
                    return folders.filter { $0.hasPrefix(prefix) && $0.hasSuffix("/") }
                        .map { String($0.dropFirst(prefix.count).dropLast()) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                }
            }
            throw ReplicaReadError(key: prefix, failures: failures)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
