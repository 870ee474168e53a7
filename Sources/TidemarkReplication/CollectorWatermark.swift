import TidemarkCore

/// A collector's watermark for one site (SPEC §3), stored in every region at
/// `{prefix}/watermarks/site={site}/collector={id}.json` (``BucketLayout``):
/// the receive time up to which every event it acknowledged for the site is
/// sealed and uploaded to every region.
///
/// Stored as `{"collector":"c1","site":"example.com","watermark":"2026-11-26T07:00:00.000Z"}`
/// and a newline (``StateJSON``). Written by the collector, read by the job
/// runner (report completeness), `tidemark status` and repair (the newest
/// watermark wins).
package struct CollectorWatermark: Sendable, Hashable, Codable {
    /// The collector's id (configuration `collector.id`).
    package var collector: String
    /// The site.
    package var site: String
    /// Epoch milliseconds; stored as RFC 3339 UTC with milliseconds.
    package var millis: Int64

    /// Memberwise initialiser.
    package init(collector: String, site: String, millis: Int64) {
        self.collector = collector
        self.site = site
        self.millis = millis
    }

    enum CodingKeys: String, CodingKey {
        case collector, site
        case millis = "watermark"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        collector = try c.decode(String.self, forKey: .collector)
        site = try c.decode(String.self, forKey: .site)
        millis = try StateJSON.millis(c, .millis)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(collector, forKey: .collector)
        try c.encode(site, forKey: .site)
        try c.encode(Timestamp.formatMillis(millis), forKey: .millis)
    }

    /// Its key under `layout`.
    package func key(in layout: BucketLayout) -> String { layout.watermark(site: site, collector: collector) }

    /// The stored bytes.
    package var bytes: [UInt8] { StateJSON.encode(self) }
}
