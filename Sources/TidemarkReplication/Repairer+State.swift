import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkStore

extension Repairer {
    /// The folders of small state objects repair also makes equal across
    /// regions: `{prefix}/state/` (job records and whatever else jobs keep
    /// there; repair hints excepted) and `{prefix}/watermarks/`.
    var stateRoots: [String] { BucketLayout(prefix: prefix).stateRoots }

    /// Makes every reachable region hold the newest version of every state
    /// object under `root`: a region that lacks one gets it, a region with an
    /// older version gets the newer. "Newer" is the time written inside the
    /// object (``StateObjectVersion``), never this host's clock; copies that
    /// differ with no time to tell them apart are left alone and reported.
    func repairState(root: String, budget: inout Int, unreachable: inout Set<String>) async -> PartitionResult {
        var result = PartitionResult(partition: partitionName(root))
        let listing = await regions.listUnion(prefix: root)
        for f in listing.failures { unreachable.insert(f.region) }
        let reachable = regions.stores.indices.filter { i in !listing.failures.contains { $0.region == regions.stores[i].name } }
        // Hints are acted on (and deleted) by the hint pass, not copied.
        let hints = RepairHints.folder(prefix: prefix)
        for key in listing.sortedKeys where !key.hasPrefix(hints) {
            guard let entry = listing.entries[key], budget > 0 else { continue }
            result.objects += 1
            // Each holder's copy. A holder whose copy cannot be read is not
            // written to: its version might be the newest. A copy that fails
            // its own SHA-256 is bad bytes, no version: it is overwritten.
            var copies: [Int: [UInt8]] = [:]
            var unreadable: Set<Int> = []
            var corrupt: Set<Int> = []
            for i in entry.regions {
                do {
                    let object = try await regions.stores[i].get(key)
                    if let sha = object.sha256, Checksum.sha256Hex(object.bytes) != sha.lowercased() {
                        corrupt.insert(i)
                    } else {
                        copies[i] = object.bytes
                    }
                } catch {
                    unreadable.insert(i)
                    result.errors.append("\(error)")
                }
            }
            guard !copies.isEmpty else {
                result.unrecoverable.append(key)
                continue
            }
            guard let newest = StateObjectVersion.newest(Array(copies.values)) else {
                result.errors.append("\(key): regions hold different versions and not every one says when it was written; left alone")
                continue
            }
            await write(
                key, newest, copies: copies, corrupt: corrupt, targets: reachable.filter { !unreadable.contains($0) },
                &result, &budget)
        }
        return result
    }

    /// Writes `bytes` to every reachable region whose copy differs or is
    /// corrupt, while the budget lasts.
    private func write(
        _ key: String, _ bytes: [UInt8], copies: [Int: [UInt8]], corrupt: Set<Int>, targets: [Int],
        _ result: inout PartitionResult, _ budget: inout Int
    ) async {
        let sha = Checksum.sha256Hex(bytes)
        for i in targets where copies[i] != bytes && budget > 0 {
            do {
                _ = try await regions.stores[i].put(
                    key, bytes: bytes, sha256: sha, contentType: contentType(key), ifAbsent: false)
                if copies[i] == nil && !corrupt.contains(i) { result.copied += 1 } else { result.replaced += 1 }
                budget -= 1
            } catch {
                result.errors.append("\(error)")
            }
        }
    }
}

/// The time a state object says it was written, which orders its versions
/// across regions: `finished_at` of a job record, `watermark` of a collector
/// watermark (``CollectorWatermark``; it only moves forward), `updated_at` or
/// `written_at` of others.
package enum StateObjectVersion {
    /// The fields that may hold the version time, in the order they are looked for.
    private struct Fields: Decodable {
        enum Key: String, CodingKey, CaseIterable {
            case finished_at, watermark, updated_at, written_at
        }

        var times: [String] = []

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            // A field of another type is no version time.
            for key in Key.allCases { if let t = try? c.decode(String.self, forKey: key) { times.append(t) } }
        }
    }

    /// The version time of a stored state object (epoch ms); nil when it has
    /// none or is not a JSON object.
    package static func millis(_ bytes: [UInt8]) -> Int64? {
        guard let fields = try? JSONDecoder().decode(Fields.self, from: Data(bytes)) else { return nil }
        for text in fields.times {
            if let t = Timestamp.parseMillis(text) { return t }
        }
        return nil
    }

    /// The newest of `copies`: all identical, or the one with the latest
    /// time inside (ties broken by the bytes, so every host picks the same);
    /// nil when they differ and some copy has no time.
    package static func newest(_ copies: [[UInt8]]) -> [UInt8]? {
        let versions = Set(copies)
        if versions.count == 1 { return versions.first }
        var best: (millis: Int64, bytes: [UInt8])?
        for bytes in versions {
            guard let t = millis(bytes) else { return nil }
            if let b = best, b.millis > t || (b.millis == t && !bytes.lexicographicallyPrecedes(b.bytes)) { continue }
            best = (t, bytes)
        }
        return best?.bytes
    }
}
