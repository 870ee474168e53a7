/// Where a segment lives in a bucket (SPEC §2):
/// `{prefix}/events/site={site}/date={YYYY-MM-DD}/hour={HH}/{segment-id}.ndjson.gz`.
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
    package var key: String { Self.partition(prefix: prefix, site: site, hour: hour) + segmentID + ".ndjson.gz" }

    package var description: String { key }

    /// The first 16 hex digits of the SHA-256 the key promises.
    package var sha256Prefix: String { String(segmentID.suffix(16)) }

    /// `{prefix}/events/site={site}/date={d}/hour={HH}/`.
    package static func partition(prefix: String, site: String, hour: UTCHour) -> String {
        dayPrefix(prefix: prefix, site: site, day: hour.day) + "hour=" + hour.hourString + "/"
    }

    /// `{prefix}/events/site={site}/date={d}/`.
    package static func dayPrefix(prefix: String, site: String, day: Int) -> String {
        sitePrefix(prefix: prefix, site: site) + "date=" + Timestamp.formatDay(day) + "/"
    }

    /// `{prefix}/events/site={site}/`.
    package static func sitePrefix(prefix: String, site: String) -> String {
        events(prefix: prefix) + "site=" + site + "/"
    }

    /// `{prefix}/events/`.
    package static func events(prefix: String) -> String {
        prefix.isEmpty ? "events/" : prefix + "/events/"
    }

    /// Parses an object key; nil when it is not a segment key under `prefix`.
    package init?(parsing key: String, prefix: String) {
        let head = Self.events(prefix: prefix)
        guard key.hasPrefix(head) else { return nil }
        let parts = key.dropFirst(head.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].hasPrefix("site="), parts[1].hasPrefix("date="), parts[2].hasPrefix("hour="),
            parts[3].hasSuffix(".ndjson.gz")
        else { return nil }
        let site = String(parts[0].dropFirst(5))
        guard Validation.isSiteID(site), let day = Timestamp.parseDay(String(parts[1].dropFirst(5))),
            let h = Int(parts[2].dropFirst(5)), parts[2].count == 7, h >= 0, h <= 23
        else { return nil }
        let id = String(parts[3].dropLast(".ndjson.gz".count))
        guard id.count >= 16, Validation.isLowerHex(String(id.suffix(16)), count: 16) else { return nil }
        self.init(prefix: prefix, site: site, hour: UTCHour(day: day, hour: h), segmentID: id)
    }

    package static func < (a: SegmentKey, b: SegmentKey) -> Bool { a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
}
