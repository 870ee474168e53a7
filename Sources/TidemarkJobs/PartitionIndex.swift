import Foundation
import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// A window's stored manifest, and whether every reachable region holds the
/// window's files.
struct StoredManifest: Sendable {
    /// The manifest, or why no region served a copy that reads as one: the
    /// window is then rebuilt, never taken as unchanged or empty (fail closed).
    var manifest: Result<ReportManifest, StateError>
    var presentInAllRegions: Bool
    /// Whether some region lists the window's `partial.json.gz`.
    var hasPartial: Bool
}

/// Union listings of event partitions and report folders, one request per
/// region per site-day, shared by every window of a run.
actor PartitionIndex {
    private let prefix: String
    private let regions: RegionSet
    private var events: [String: UnionListing] = [:]
    private var reports: [String: UnionListing] = [:]

    init(prefix: String, regions: RegionSet) {
        self.prefix = prefix
        self.regions = regions
    }

    /// The segments listed for the partitions `window` overlaps, and for
    /// those of its lookback span.
    func inputs(for window: ReportWindow) async throws -> WindowInputs {
        let read = window.readHours
        guard let first = read.first, let last = read.last else {
            return WindowInputs(window: window, segments: [], lookback: [])
        }
        let lookbackHours = Set(window.lookbackHours)
        var own: [SegmentKey] = []
        var lookback: [SegmentKey] = []
        // A local day spans one or two UTC dates, an hour and its lookback at most two.
        for day in first.day...last.day {
            let listing = try await eventListing(site: window.site, day: day)
            for key in listing.sortedKeys {
                guard let k = SegmentKey(parsing: key, prefix: prefix), k.site == window.site else { continue }
                if window.contains(k.hour) {
                    own.append(k)
                } else if lookbackHours.contains(k.hour) {
                    lookback.append(k)
                }
            }
        }
        return WindowInputs(window: window, segments: own, lookback: lookback)
    }

    /// The window's manifest as stored, or nil when no region has one.
    func storedManifest(for window: ReportWindow) async -> StoredManifest? {
        // An hourly window's date folder holds the day's hours: one listing for all of them.
        let folder = window.kind == .hourly
            ? BucketLayout(prefix: prefix).reportDay(kind: window.kind.rawValue, site: window.site, day: window.startHour.day)
            : window.directory(prefix: prefix)
        let listing: UnionListing
        if let cached = reports[folder] {
            listing = cached
        } else {
            listing = await regions.listUnion(prefix: folder)
            reports[folder] = listing
        }
        let manifestKey = window.key(prefix: prefix, file: .manifest)
        guard let entry = listing.entries[manifestKey] else { return nil }
        let reachable = Set(regions.stores.indices).subtracting(
            listing.failures.compactMap { f in regions.names.firstIndex(of: f.region) })
        let dir = window.directory(prefix: prefix)
        var present = Set(entry.regions) == reachable
        for (key, e) in listing.entries where key.hasPrefix(dir) && !key.dropFirst(dir.count).contains("/") {
            if Set(e.regions) != reachable { present = false }
        }
        return StoredManifest(
            manifest: await read(manifestKey), presentInAllRegions: present,
            hasPartial: listing.entries[window.key(prefix: prefix, file: .partial)] != nil)
    }

    /// The manifest at `key`, from the first region with a verified copy.
    private func read(_ key: String) async -> Result<ReportManifest, StateError> {
        let object: VerifiedObject
        do {
            object = try await regions.readVerified(key)
        } catch {
            return .failure(.unreadable(key: key, detail: "\(error)"))
        }
        return Result { () throws(StateError) in
            try StateJSON.decode(ReportManifest.self, from: object.bytes, key: key, region: object.region)
        }
    }

    private func eventListing(site: String, day: Int) async throws -> UnionListing {
        let p = SegmentKey.dayPrefix(prefix: prefix, site: site, day: day)
        if let cached = events[p] { return cached }
        let listing = await regions.listUnion(prefix: p)
        if listing.failures.count == regions.stores.count {
            throw JobsError(
                "no region answered listing \(p): "
                    + listing.failures.map { "\($0.region): \($0.detail)" }.joined(separator: "; "))
        }
        events[p] = listing
        return listing
    }
}
