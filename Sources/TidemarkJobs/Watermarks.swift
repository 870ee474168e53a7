import Foundation
import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// Collectors' watermarks for a site (SPEC §3): the time up to which each
/// collector's events are sealed and uploaded.
package struct SiteWatermarks: Sendable {
    /// Collector id → watermark in epoch milliseconds.
    package var collectors: [String: Int64]
    /// Watermarks that are listed but could not be read or decoded from any
    /// region, or the site's folder when no region answered its listing.
    package var unreadable: [StateError]

    package init(collectors: [String: Int64], unreadable: [StateError] = []) {
        self.collectors = collectors
        self.unreadable = unreadable
    }

    /// Whether `window` has ended at `nowMillis` (its end is not after it):
    /// the first condition of `isComplete`. A local day still going on in
    /// the site's zone (today), or one still to come, has not.
    package static func hasEnded(_ window: ReportWindow, nowMillis: Int64) -> Bool {
        window.endMillis <= nowMillis
    }

    /// Whether `window` is complete at `nowMillis`: it has ended (its end is
    /// not after `nowMillis`: a watermark cannot pass an end still to come,
    /// so a day not yet over in the site's zone, or in the future, is never
    /// complete) and every collector's watermark has passed its end, except
    /// collectors retired because their watermark has not moved for
    /// `retireAfterMillis` (it lags now by more than that). With no
    /// collectors at all (ingest only) every ended window is complete. A
    /// watermark that cannot be read fails closed: no window is complete
    /// while one is unreadable.
    package func isComplete(_ window: ReportWindow, nowMillis: Int64, retireAfterMillis: Int64) -> Bool {
        Self.hasEnded(window, nowMillis: nowMillis)
            && unreadable.isEmpty
            && collectors.values.allSatisfy { mark in
                mark >= window.endMillis || mark < nowMillis - retireAfterMillis
            }
    }
}

/// Reads watermarks from the regions, taking each collector's highest value
/// across regions (a region that was down may hold an older one).
actor WatermarkReader {
    private let prefix: String
    private let regions: RegionSet
    private var cache: [String: SiteWatermarks] = [:]

    init(prefix: String, regions: RegionSet) {
        self.prefix = prefix
        self.regions = regions
    }

    func watermarks(site: String) async -> SiteWatermarks {
        if let cached = cache[site] { return cached }
        let folder = BucketLayout(prefix: prefix).watermarkSite(site)
        let listing = await regions.listUnion(prefix: folder)
        var marks: [String: Int64] = [:]
        var unreadable: [StateError] = []
        if !regions.stores.isEmpty, listing.failures.count == regions.stores.count {
            unreadable.append(
                .unreadable(key: folder, detail: "no region answered the listing: " + listing.failures.map { "\($0.region): \($0.detail)" }.joined(separator: "; ")))
        }
        for key in listing.sortedKeys {
            guard let entry = listing.entries[key] else { continue }
            var errors: [StateError] = []
            var read = false
            for i in entry.regions {
                let region = regions.stores[i].name
                do {
                    let object = try await regions.stores[i].get(key)
                    let mark = try StateJSON.decode(CollectorWatermark.self, from: object.bytes, key: key, region: region)
                    marks[mark.collector] = max(marks[mark.collector] ?? .min, mark.millis)
                    read = true
                } catch let error as StateError {
                    errors.append(error)
                } catch {
                    errors.append(.unreadable(key: key, region: region, detail: "\(error)"))
                }
            }
            // One good copy is enough: the highest value wins across regions anyway.
            if !read { unreadable += errors }
        }
        let result = SiteWatermarks(collectors: marks, unreadable: unreadable)
        cache[site] = result
        return result
    }
}
