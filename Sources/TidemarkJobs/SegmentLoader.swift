import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// One segment read from a replica, verified and parsed.
struct LoadedSegment: Sendable {
    var key: String
    var sha256: String
    /// The valid events of the partition, as rows.
    var rows: SegmentRows
    /// Valid event lines, bots and duplicates included.
    var eventsRead: Int { rows.eventsRead }
    /// Lines that are not a valid schema-v1 event of this partition.
    var invalidLines: Int { rows.invalidLines }
    /// Compressed bytes read.
    var bytes: Int
    /// The region that served it.
    var region: String
}

/// Reads segments from the first replica that serves them with the right
/// checksum and that inflates cleanly, and parses their lines.
struct SegmentLoader: Sendable {
    let regions: RegionSet
    /// Key prefix, for repair hints.
    let prefix: String

    /// Loads `key`; a replica whose verified bytes still fail to inflate is
    /// skipped in favour of the next (SPEC §6).
    func load(_ key: SegmentKey) async throws -> LoadedSegment {
        var tried: [String] = []
        var problems: [String] = []
        while true {
            let object: VerifiedObject
            do {
                object = try await regions.readVerified(key.key, keySHA256Prefix: key.sha256Prefix, skipping: tried)
            } catch let error as ReplicaReadError {
                let all = problems + error.failures.map { "\($0.region): \($0.detail)" }
                throw JobsError("segment \(key.key) has no good replica: " + all.joined(separator: "; "))
            }
            do {
                let loaded = try Self.parse(object, key: key)
                // A damaged replica is never used; the next repair fixes it first.
                for f in object.failures where f.kind == .corrupt {
                    await RepairHints.record(key: key.key, region: f.region, prefix: prefix, regions: regions)
                }
                for region in tried {
                    await RepairHints.record(key: key.key, region: region, prefix: prefix, regions: regions)
                }
                return loaded
            } catch {
                tried.append(object.region)
                problems.append("\(object.region): \(error)")
            }
        }
    }

    static func parse(_ object: VerifiedObject, key: SegmentKey) throws -> LoadedSegment {
        var rows = SegmentRows()
        // Segments inflate to about 7-8 times their size, ~300 bytes an event.
        rows.reserve(object.bytes.count / 36)
        let hour = key.hour
        var site = key.site
        try site.withUTF8 { site in
            try SegmentReader.forEachLine(in: object.bytes, key: key.key) { line in
                // A line of another site or hour is not of this partition.
                rows.add(line: line, site: UnsafeRawBufferPointer(site), hour: hour)
            }
        }
        return LoadedSegment(
            key: key.key, sha256: object.sha256, rows: rows, bytes: object.bytes.count, region: object.region)
    }
}
