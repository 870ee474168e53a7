/// Where a segment lives in a bucket (SPEC §2):
/// `{prefix}/events/site={site}/date={YYYY-MM-DD}/hour={HH}/{segment-id}.ndjson.gz`,
/// spelled by ``BucketLayout``.
package struct SegmentKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Key prefix inside every bucket.
    package var prefix: String
    /// Site id.
    package var site: String
    /// The UTC hour all of the segment's events share.
    package var hour: UTCHour
    /// Content-derived id; ends in the first 16 hex digits of the object's SHA-256.
    package var segmentID: String

    package init(prefix: String, site: String, hour: UTCHour, segmentID: String) {
        self.prefix = prefix
        self.site = site
        self.hour = hour
        self.segmentID = segmentID
    }

    /// The object key.
    package var key: String { BucketLayout(prefix: prefix).segment(site: site, hour: hour, segmentID: segmentID) }

    package var description: String { key }

    /// The first 16 hex digits of the SHA-256 the key promises.
    package var sha256Prefix: String { String(segmentID.suffix(16)) }

    /// `{prefix}/events/site={site}/date={d}/hour={HH}/`.
    package static func partition(prefix: String, site: String, hour: UTCHour) -> String {
        BucketLayout(prefix: prefix).eventHour(site: site, hour: hour)
    }

    /// `{prefix}/events/site={site}/date={d}/`.
    package static func dayPrefix(prefix: String, site: String, day: Int) -> String {
        BucketLayout(prefix: prefix).eventDay(site: site, day: day)
    }

    /// `{prefix}/events/site={site}/`.
    package static func sitePrefix(prefix: String, site: String) -> String {
        BucketLayout(prefix: prefix).eventSite(site)
    }

    /// `{prefix}/events/`.
    package static func events(prefix: String) -> String {
        BucketLayout(prefix: prefix).events
    }

    /// Parses an object key; nil when it is not a segment key under `prefix`.
    package init?(parsing key: String, prefix: String) {
        let head = Self.events(prefix: prefix)
        guard key.hasPrefix(head) else { return nil }
        let parts = key.dropFirst(head.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, let site = BucketLayout.folderValue(parts[0], field: "site"),
            let date = BucketLayout.folderValue(parts[1], field: "date"),
            let hourText = BucketLayout.folderValue(parts[2], field: "hour"), parts[3].hasSuffix(BucketLayout.segmentSuffix)
        else { return nil }
        guard Validation.isSiteID(site), let day = Timestamp.parseDay(date),
            let h = Int(hourText), hourText.count == 2, h >= 0, h <= 23
        else { return nil }
        let id = String(parts[3].dropLast(BucketLayout.segmentSuffix.count))
        guard id.count >= 16, Validation.isLowerHex(String(id.suffix(16)), count: 16) else { return nil }
        self.init(prefix: prefix, site: site, hour: UTCHour(day: day, hour: h), segmentID: id)
    }

    package static func < (a: SegmentKey, b: SegmentKey) -> Bool { a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
}
