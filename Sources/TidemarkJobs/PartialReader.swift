import TidemarkCore
import TidemarkReplication
import TidemarkReports
import TidemarkStore

/// Reads daily partials (`partial.json.gz`) from the first region that
/// serves them with the right checksum and a readable body, like segments
/// (SPEC §3): a replica that is unavailable, corrupt or unreadable is skipped
/// for the next, and a damaged one is recorded for repair. A partial is read
/// for a site's local day in the site's zone (SPEC §3.1); one built in
/// another zone holds other hours and is refused, never merged.
package struct PartialReader: Sendable {
    /// Key prefix inside every bucket.
    package let prefix: String
    /// The regions, in read order.
    package let regions: RegionSet

    package init(prefix: String, regions: RegionSet) {
        self.prefix = prefix
        self.regions = regions
    }

    /// A read partial and the SHA-256 of its stored bytes.
    package struct Read: Sendable {
        /// The partial.
        package var partial: DailyPartial
        /// SHA-256 of the object, as a period manifest lists it.
        package var sha256: String
        /// The object key.
        package var key: String
    }

    /// The partial of `site`'s local date `day` in `zone`; nil when no
    /// region holds one. Fails, naming the key, when a region may hold it but
    /// none serves a good copy, when its format is newer than this build
    /// reads, or (kind `.zoneMismatch`) when it was built in another zone.
    /// With `missingIfUnreachable`, nil also when every region that answered
    /// lacks it and the others were unreachable (for callers that only
    /// compare, never store, such as the HTML headline's previous period).
    package func read(site: String, day: Int, zone: SiteZone, missingIfUnreachable: Bool = false) async throws -> Read? {
        let window = ReportWindow.daily(site: site, day: day, zone: zone)
        let key = window.key(prefix: prefix, file: .partial)
        var tried: [String] = []
        var problems: [String] = []
        while true {
            let object: VerifiedObject
            do {
                object = try await regions.readVerified(key, skipping: tried)
            } catch let error as ReplicaReadError {
                if problems.isEmpty, error.failures.allSatisfy({ $0.kind == .notFound }) { return nil }
                if missingIfUnreachable, problems.isEmpty, error.failures.contains(where: { $0.kind == .notFound }),
                    error.failures.allSatisfy({ $0.kind == .notFound || $0.kind == .unavailable })
                {
                    return nil
                }
                let all = problems + error.failures.map { "\($0.region): \($0.detail)" }
                throw JobsError("partial \(key) has no good replica: " + all.joined(separator: "; "))
            }
            do {
                let partial = try PartialObject.decode(object.bytes, window: window)
                // Every region holds the same partial of a day, so another replica would not help.
                guard partial.timeZone == zone.identifier else {
                    throw JobsError(
                        "partial \(key) (region \(object.region)) was built in time zone \(partial.timeZone), "
                            + "but \(site) is reported in \(zone.identifier): rebuild the day "
                            + "(tidemark backfill --job daily --from \(Timestamp.formatDay(day)) --to \(Timestamp.formatDay(day)) --site \(site))",
                        kind: .zoneMismatch)
                }
                for f in object.failures where f.kind == .corrupt {
                    await RepairHints.record(key: key, region: f.region, prefix: prefix, regions: regions)
                }
                for region in tried {
                    await RepairHints.record(key: key, region: region, prefix: prefix, regions: regions)
                }
                return Read(partial: partial, sha256: object.sha256, key: key)
            } catch let error as JobsError where error.kind == .zoneMismatch {
                throw error
            } catch let error as ReportError where error.isPartialTooNew {
                throw JobsError("partial \(key) (region \(object.region)): \(error)")
            } catch {
                tried.append(object.region)
                problems.append("\(object.region): \(error)")
            }
        }
    }

    /// The partials of `days` (local dates of `zone`), `width` at a time, in
    /// day order; nil for a day no region holds.
    package func read(
        site: String, days: [Int], zone: SiteZone, width: Int = 8, missingIfUnreachable: Bool = false
    ) async throws -> [Read?] {
        try await withThrowingTaskGroup(of: Indexed<Read?>.self) { group in
            var out = [Read?](repeating: nil, count: days.count)
            var next = 0
            func start() {
                guard next < days.count else { return }
                let i = next
                next += 1
                group.addTask {
                    Indexed(i, try await read(site: site, day: days[i], zone: zone, missingIfUnreachable: missingIfUnreachable))
                }
            }
            for _ in 0..<max(1, width) { start() }
            while let r = try await group.next() {
                out[r.index] = r.value
                start()
            }
            return out
        }
    }
}
