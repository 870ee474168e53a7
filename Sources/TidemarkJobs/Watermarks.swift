import Foundation
import TidemarkCore
import TidemarkReplication
import TidemarkReports

/// Collectors' watermarks for a site (SPEC §3): the time up to which each
/// collector's events are sealed and uploaded.
package struct SiteWatermarks: Sendable, Equatable {
    /// Collector id → watermark in epoch milliseconds.
    package var collectors: [String: Int64]

    package init(collectors: [String: Int64]) { self.collectors = collectors }

    /// Whether `window` is complete at `nowMillis`: every collector's
    /// watermark has passed its end, except collectors retired because their
    /// watermark has not moved for `retireAfterMillis` (it lags now by more
    /// than that). With no collectors at all (ingest only) every window is
    /// complete.
    package func isComplete(_ window: ReportWindow, nowMillis: Int64, retireAfterMillis: Int64) -> Bool {
        collectors.values.allSatisfy { mark in
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
        for key in listing.sortedKeys {
            guard let entry = listing.entries[key] else { continue }
            for i in entry.regions {
                guard let object = try? await regions.stores[i].get(key),
                    let json = JSONValue.parse(object.bytes), let collector = json["collector"]?.string,
                    let millis = json["watermark"]?.string.flatMap(Timestamp.parseMillis)
                else { continue }
                marks[collector] = max(marks[collector] ?? .min, millis)
            }
        }
        let result = SiteWatermarks(collectors: marks)
        cache[site] = result
        return result
    }
}
