import TidemarkCodec
import TidemarkCore
import TidemarkReplication

/// Writes `{prefix}/watermarks/site={site}/collector={id}.json` to every
/// region (SPEC §3): the receive time up to which every event this collector
/// acknowledged is sealed and uploaded to every region.
package struct WatermarkPublisher: Sendable {
    /// Key prefix inside every bucket.
    package let prefix: String
    /// This collector's id.
    package let collectorID: String
    /// Where the watermark goes.
    package let regions: RegionSet

    package init(prefix: String, collectorID: String, regions: RegionSet) {
        self.prefix = prefix
        self.collectorID = collectorID
        self.regions = regions
    }

    /// The object key for `site`.
    package func key(site: String) -> String {
        BucketLayout(prefix: prefix).watermark(site: site, collector: collectorID)
    }

    /// The object body (``CollectorWatermark``).
    package func body(site: String, millis: Int64) -> [UInt8] {
        CollectorWatermark(collector: collectorID, site: site, millis: millis).bytes
    }

    /// Publishes `millis` for every site; true when every region took every one.
    package func publish(millis: Int64, sites: [String]) async -> Bool {
        var ok = true
        for site in sites {
            let bytes = body(site: site, millis: millis)
            let results = await regions.putEverywhere(
                key(site: site), bytes: bytes, sha256: Checksum.sha256Hex(bytes), contentType: "application/json",
                ifAbsent: false)
            for case .failure in results { ok = false }
        }
        return ok
    }
}
