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

    /// The JSON text.
    package var json: String {
        var s = "{\"job\":" + JSONText.quoted(job) + ",\"finished_at\":" + JSONText.quoted(Timestamp.formatMillis(finishedMillis))
        s += ",\"ok\":\(ok),\"built\":\(built),\"unchanged\":\(unchanged),\"empty\":\(empty),\"failed\":\(failed)"
        s += ",\"consecutive_failures\":\(consecutiveFailures)"
        if let error { s += ",\"error\":" + JSONText.quoted(error) }
        return s + "}\n"
    }

    /// Parses a stored record.
    package init?(json bytes: [UInt8]) {
        guard let o = JSONValue.parse(bytes), let job = o["job"]?.string,
            let at = o["finished_at"]?.string.flatMap(Timestamp.parseMillis), let ok = o["ok"]?.bool
        else { return nil }
        func count(_ key: String) -> Int { o[key]?.int64.map { Int(clamping: $0) } ?? 0 }
        self.init(
            job: job, finishedMillis: at, ok: ok, built: count("built"), unchanged: count("unchanged"),
            empty: count("empty"), failed: count("failed"), consecutiveFailures: count("consecutive_failures"),
            error: o["error"]?.string)
    }

    /// Stores `record` in every region that answers, counting consecutive
    /// failures from the previous record.
    package static func save(_ record: JobRunRecord, prefix: String, regions: RegionSet) async {
        var r = record
        let key = BucketLayout(prefix: prefix).jobRecord(job: record.job)
        let previous = (try? await regions.readVerified(key)).flatMap { JobRunRecord(json: $0.bytes) }
        r.consecutiveFailures = record.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1
        let bytes = Array(r.json.utf8)
        _ = await regions.putEverywhere(key, bytes: bytes, sha256: Checksum.sha256Hex(bytes), contentType: "application/json", ifAbsent: false)
    }

    /// Every job's last record, from the first region that has each.
    package static func loadAll(prefix: String, regions: RegionSet) async -> [JobRunRecord] {
        let listing = await regions.listUnion(prefix: folder(prefix: prefix))
        var out: [JobRunRecord] = []
        for key in listing.sortedKeys where key.hasSuffix(".json") {
            if let object = try? await regions.readVerified(key), let r = JobRunRecord(json: object.bytes) { out.append(r) }
        }
        return out
    }
}
