import TidemarkCodec
import TidemarkCore
import TidemarkStore

/// Makes every region hold every segment and report file with the right
/// bytes: compares the regions partition by partition (site/date), copies
/// what a region lacks from a replica that verifies, and overwrites copies
/// whose bytes do not match their checksum; then makes every region hold the
/// newest version of every state object (job records, watermarks; see
/// `repairState`). It only ever writes good bytes over missing, bad or older
/// ones; it never deletes anything but repair hints it has acted on.
package struct Repairer: Sendable {
    /// Key prefix inside every bucket.
    package let prefix: String
    /// The regions.
    package let regions: RegionSet
    /// Verify every replica's bytes, not only those whose listings disagree.
    package let deep: Bool
    /// Stop after this many copies (a later run carries on).
    package let maxCopies: Int

    package init(prefix: String, regions: RegionSet, deep: Bool = false, maxCopies: Int = 100_000) {
        self.prefix = prefix
        self.regions = regions
        self.deep = deep
        self.maxCopies = maxCopies
    }

    /// What repair found and did in one partition.
    package struct PartitionResult: Sendable {
        /// `events/site=…/date=…` or `reports/…/site=…/date=…`.
        package var partition: String
        /// Objects examined.
        package var objects = 0
        /// Copies written to regions that lacked the object.
        package var copied = 0
        /// Copies overwritten because their bytes were wrong.
        package var replaced = 0
        /// Keys with no good replica anywhere (left alone).
        package var unrecoverable: [String] = []
        /// Problems writing or reading, one line each.
        package var errors: [String] = []
    }

    /// The whole pass.
    package struct Report: Sendable {
        /// One entry per partition that was examined.
        package var partitions: [PartitionResult] = []
        /// Regions that did not answer a listing (not repaired this time).
        package var unreachable: [String] = []
        /// True when `maxCopies` stopped the pass early.
        package var truncated = false

        package var copied: Int { partitions.reduce(0) { $0 + $1.copied } }
        package var replaced: Int { partitions.reduce(0) { $0 + $1.replaced } }
        package var unrecoverable: [String] { partitions.flatMap(\.unrecoverable) }
        package var errors: [String] { partitions.flatMap(\.errors) }
    }

    /// Repairs the days `fromDay...toDay` (every day when nil).
    package func run(fromDay: Int?, toDay: Int?, onPartition: @Sendable (PartitionResult) -> Void = { _ in })
        async -> Report
    {
        var report = Report()
        var budget = maxCopies
        var unreachable: Set<String> = []
        // A region that came back wiped has lost its bucket too.
        for store in regions.stores { try? await store.prepare() }
        // Keys readers found damaged first, byte for byte, whatever the range.
        let (hinted, hintErrors) = await RepairHints.load(prefix: prefix, regions: regions)
        if !hinted.isEmpty || !hintErrors.isEmpty {
            var result = PartitionResult(partition: partitionName(BucketLayout(prefix: prefix).repairHints))
            result.errors += hintErrors.map(\.description)
            for h in hinted {
                let fixed = await repairKey(h.key, result: &result, budget: &budget)
                // The hint goes once every holder verifies; otherwise the next pass retries it.
                if fixed { for store in regions.stores { try? await store.delete(h.hint) } }
            }
            onPartition(result)
            report.partitions.append(result)
        }
        // Every kind of report (daily, hourly and whatever else is built),
        // not a fixed list.
        let layout = BucketLayout(prefix: prefix)
        let roots = [layout.events] + (await folders(layout.reports, unreachable: &unreachable))
        for root in roots {
            let sites = await folders(root, unreachable: &unreachable).filter {
                BucketLayout.folderValue($0.dropFirst(root.count), field: "site") != nil
            }
            for site in sites {
                for day in await folders(site, unreachable: &unreachable) {
                    let name = String(day.dropFirst(site.count))
                    // Partitions named by a date, week or month honour the
                    // range; others are always examined.
                    if let (first, last) = ReportFolder.days(ofPartition: name) {
                        if let fromDay, last < fromDay { continue }
                        if let toDay, first > toDay { continue }
                    } else if BucketLayout.folderValue(name, field: "date") != nil {
                        continue
                    }
                    if budget <= 0 {
                        report.truncated = true
                        report.unreachable = unreachable.sorted()
                        return report
                    }
                    let result = await repairPartition(day, isEvents: root == roots[0], budget: &budget, unreachable: &unreachable)
                    onPartition(result)
                    report.partitions.append(result)
                }
            }
        }
        // Job records, watermarks and other state: the newest version everywhere.
        for root in stateRoots {
            if budget <= 0 {
                report.truncated = true
                break
            }
            let result = await repairState(root: root, budget: &budget, unreachable: &unreachable)
            onPartition(result)
            report.partitions.append(result)
        }
        report.unreachable = unreachable.sorted()
        return report
    }

    /// A folder's name in reports: its path below `{prefix}/`, without the trailing `/`.
    func partitionName(_ folder: String) -> String {
        let relative = BucketLayout(prefix: prefix).relative(folder) ?? Substring(folder)
        return String(relative.hasSuffix("/") ? relative.dropLast() : relative)
    }

    private func folders(_ prefix: String, unreachable: inout Set<String>) async -> [String] {
        var out: Set<String> = []
        for store in regions.stores {
            do {
                out.formUnion(try await store.listFolders(prefix: prefix))
            } catch {
                unreachable.insert(store.name)
            }
        }
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func repairPartition(
        _ partition: String, isEvents: Bool, budget: inout Int, unreachable: inout Set<String>
    ) async -> PartitionResult {
        var result = PartitionResult(partition: partitionName(partition))
        let listing = await regions.listUnion(prefix: partition)
        for f in listing.failures { unreachable.insert(f.region) }
        let reachable = regions.stores.indices.filter { i in !listing.failures.contains { $0.region == regions.stores[i].name } }
        for key in listing.sortedKeys {
            guard let entry = listing.entries[key], budget > 0 else { continue }
            result.objects += 1
            let keyPrefix = isEvents ? SegmentKey(parsing: key, prefix: prefix)?.sha256Prefix : nil
            if isEvents, keyPrefix == nil { continue }  // not a segment: leave it alone
            let missing = reachable.filter { !entry.regions.contains($0) }
            var suspects: [Int] = []
            if deep || entry.copiesDisagree {
                // Check each holder's bytes; the listing alone cannot say which copy is right.
                for i in entry.regions {
                    if await !holdsGoodCopy(i, key: key, keyPrefix: keyPrefix) { suspects.append(i) }
                }
            }
            guard !missing.isEmpty || !suspects.isEmpty else { continue }
            let good: VerifiedObject
            do {
                good = try await regions.readVerified(key, keySHA256Prefix: keyPrefix, skipping: suspects.map { regions.stores[$0].name })
            } catch {
                result.unrecoverable.append(key)
                continue
            }
            for i in missing + suspects {
                let store = regions.stores[i]
                do {
                    _ = try await store.put(
                        key, bytes: good.bytes, sha256: good.sha256, contentType: contentType(key),
                        ifAbsent: missing.contains(i))
                    if missing.contains(i) { result.copied += 1 } else { result.replaced += 1 }
                    budget -= 1
                } catch {
                    result.errors.append("\(error)")
                }
            }
        }
        return result
    }

    /// Checks every region's copy of one key and rewrites missing or bad ones
    /// from a good replica; true when every reachable region now holds it.
    private func repairKey(_ key: String, result: inout PartitionResult, budget: inout Int) async -> Bool {
        result.objects += 1
        let keyPrefix = SegmentKey(parsing: key, prefix: prefix)?.sha256Prefix
        var bad: [Int] = []
        var good: VerifiedObject?
        for (i, store) in regions.stores.enumerated() {
            do {
                let object = try await store.get(key)
                let sha = try SegmentReader.verify(object.bytes, sha256: object.sha256, keyPrefix: keyPrefix, key: key)
                if good == nil {
                    good = VerifiedObject(key: key, bytes: object.bytes, sha256: sha, region: store.name, failures: [])
                }
            } catch let error as StoreError where error.isUnavailable {
                return false
            } catch {
                bad.append(i)
            }
        }
        guard let good else {
            result.unrecoverable.append(key)
            return false
        }
        var ok = true
        for i in bad {
            do {
                _ = try await regions.stores[i].put(
                    key, bytes: good.bytes, sha256: good.sha256, contentType: contentType(key), ifAbsent: false)
                result.replaced += 1
                budget -= 1
            } catch {
                result.errors.append("\(error)")
                ok = false
            }
        }
        return ok
    }

    private func holdsGoodCopy(_ i: Int, key: String, keyPrefix: String?) async -> Bool {
        guard let object = try? await regions.stores[i].get(key) else { return false }
        guard (try? SegmentReader.verify(object.bytes, sha256: object.sha256, keyPrefix: keyPrefix, key: key)) != nil
        else { return false }
        return true
    }

    /// The Content-Type a key is stored with.
    func contentType(_ key: String) -> String {
        if key.hasSuffix(".ndjson.gz") { return "application/x-ndjson" }
        if key.hasSuffix(".json") { return "application/json" }
        if key.hasSuffix(".csv") { return "text/csv; charset=utf-8" }
        if key.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if key.hasSuffix(".json.gz") { return "application/gzip" }
        return "application/octet-stream"
    }
}
