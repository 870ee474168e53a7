import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkReplication

/// The outcome of a job's last run, kept in every region at
/// `{prefix}/state/jobs/{job}.json` so `tidemark status` on any host sees it.
package struct JobRunRecord: Sendable, Equatable {
    /// Job name.
    package var job: String
    /// When the run finished (epoch ms).
    package var finishedMillis: Int64
    /// True when every window (or repair) succeeded.
    package var ok: Bool
    /// Windows built, unchanged, without data, failed.
    package var built: Int
    package var unchanged: Int
    package var empty: Int
    package var failed: Int
    /// Runs in a row that failed, this one included.
    package var consecutiveFailures: Int
    /// The first failure, one line.
    package var error: String?

    package init(
        job: String, finishedMillis: Int64, ok: Bool, built: Int = 0, unchanged: Int = 0, empty: Int = 0,
        failed: Int = 0, consecutiveFailures: Int = 0, error: String? = nil
    ) {
        self.job = job
        self.finishedMillis = finishedMillis
        self.ok = ok
        self.built = built
        self.unchanged = unchanged
        self.empty = empty
        self.failed = failed
        self.consecutiveFailures = consecutiveFailures
        self.error = error
    }

    /// `{prefix}/state/jobs/`.
    package static func folder(prefix: String) -> String { BucketLayout(prefix: prefix).jobRecords }

    /// The stored bytes (``StateJSON``): `{"built":3,"consecutive_failures":0,
    /// "empty":0,"failed":0,"finished_at":"2026-11-27T10:00:00.000Z","job":"daily",
    /// "ok":true,"unchanged":40}` (plus `"error"` after a failure) and a newline.
    package var bytes: [UInt8] { StateJSON.encode(self) }

    /// Decodes a stored record; the error names `key` and `region`.
    package static func decode(_ bytes: [UInt8], key: String, region: String? = nil) throws(StateError) -> JobRunRecord {
        try StateJSON.decode(JobRunRecord.self, from: bytes, key: key, region: region)
    }

    /// Stores `record` in every region that answers, counting consecutive
    /// failures from the previous record.
    package static func save(_ record: JobRunRecord, prefix: String, regions: RegionSet) async {
        var r = record
        let key = BucketLayout(prefix: prefix).jobRecord(job: record.job)
        // An unreadable previous record counts from zero: the run's own outcome is still recorded.
        let previous = (try? await regions.readVerified(key)).flatMap { try? decode($0.bytes, key: key, region: $0.region) }
        r.consecutiveFailures = record.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1
        let bytes = r.bytes
        _ = await regions.putEverywhere(key, bytes: bytes, sha256: Checksum.sha256Hex(bytes), contentType: "application/json", ifAbsent: false)
    }

    /// Every job's last record, from the first region that has each, and the
    /// records that are listed but could not be read or decoded.
    package static func loadAll(prefix: String, regions: RegionSet) async -> (records: [JobRunRecord], unreadable: [StateError]) {
        let folder = folder(prefix: prefix)
        let listing = await regions.listUnion(prefix: folder)
        var unreadable: [StateError] = []
        if !regions.stores.isEmpty, listing.failures.count == regions.stores.count {
            unreadable.append(
                .unreadable(key: folder, detail: "no region answered the listing: " + listing.failures.map { "\($0.region): \($0.detail)" }.joined(separator: "; ")))
        }
        let read = await regions.readStates(listing.sortedKeys.filter { $0.hasSuffix(".json") }) { bytes, key, region in
            try decode(bytes, key: key, region: region)
        }
        return (read.values, unreadable + read.unreadable)
    }
}

extension JobRunRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case job, ok, built, unchanged, empty, failed, error
        case finishedAt = "finished_at"
        case consecutiveFailures = "consecutive_failures"
    }

    /// `job`, `finished_at` and `ok` are required; counts that are missing or
    /// not integers read as 0.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) -> Int { ((try? c.decodeIfPresent(Int.self, forKey: key)) ?? nil) ?? 0 }
        self.init(
            job: try c.decode(String.self, forKey: .job), finishedMillis: try StateJSON.millis(c, .finishedAt),
            ok: try c.decode(Bool.self, forKey: .ok), built: count(.built), unchanged: count(.unchanged),
            empty: count(.empty), failed: count(.failed), consecutiveFailures: count(.consecutiveFailures),
            error: (try? c.decodeIfPresent(String.self, forKey: .error)) ?? nil)
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(job, forKey: .job)
        try c.encode(Timestamp.formatMillis(finishedMillis), forKey: .finishedAt)
        try c.encode(ok, forKey: .ok)
        try c.encode(built, forKey: .built)
        try c.encode(unchanged, forKey: .unchanged)
        try c.encode(empty, forKey: .empty)
        try c.encode(failed, forKey: .failed)
        try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
