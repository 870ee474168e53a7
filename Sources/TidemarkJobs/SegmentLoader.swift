import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// One segment read from a replica, verified and parsed.
struct LoadedSegment: Sendable {
    var key: String
    var sha256: String
    var events: [Event]
    /// Valid event lines, bots and duplicates included.
    var eventsRead: Int
    /// Lines that are not a valid schema-v1 event of this partition.
    var invalidLines: Int
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
        var events: [Event] = []
        var invalid = 0
        let hour = key.hour
        try SegmentReader.forEachLine(in: object.bytes, key: key.key) { line in
            switch EventParser.parse(line) {
            case .blank: break
            case .invalid: invalid += 1
            case .event(let e):
                // A line of another site or hour is not of this partition.
                if e.site == key.site, e.hour == hour { events.append(e) } else { invalid += 1 }
            }
        }
        return LoadedSegment(
            key: key.key, sha256: object.sha256, events: events, eventsRead: events.count, invalidLines: invalid,
            bytes: object.bytes.count, region: object.region)
    }
}
