import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkStore

/// A key a reader found damaged in some region, kept in every region at
/// `{prefix}/state/repair-hints/{first 32 hex of SHA-256 of key}.json`
/// (``BucketLayout``) so the next repair on any host checks those copies
/// byte for byte, even where a listing cannot tell them apart (same-size
/// damage in a local-directory region).
///
/// Stored as `{"key":"tm/events/…","region":"us"}` and a newline (``StateJSON``).
package struct RepairHint: Sendable, Hashable, Codable {
    /// The damaged object's key.
    package var key: String
    /// The region whose copy was bad.
    package var region: String

    /// Memberwise initialiser.
    package init(key: String, region: String) {
        self.key = key
        self.region = region
    }

    /// Where the hint for `key` lives under `layout`.
    package static func hintKey(for key: String, in layout: BucketLayout) -> String {
        layout.repairHint(name: String(Checksum.sha256Hex(Array(key.utf8)).prefix(32)))
    }
}

/// Writes and reads ``RepairHint``s.
package enum RepairHints {
    /// `{prefix}/state/repair-hints/`.
    package static func folder(prefix: String) -> String {
        BucketLayout(prefix: prefix).repairHints
    }

    /// Records that `region`'s copy of `key` is bad. Best effort: a hint that
    /// cannot be written is found by the next listing comparison or `--deep`.
    package static func record(key: String, region: String, prefix: String, regions: RegionSet) async {
        let body = StateJSON.encode(RepairHint(key: key, region: region))
        _ = await regions.putEverywhere(
            RepairHint.hintKey(for: key, in: BucketLayout(prefix: prefix)), bytes: body,
            sha256: Checksum.sha256Hex(body), contentType: "application/json", ifAbsent: false)
    }

    /// Every hinted key, with the hint object that names it, and the hints
    /// that could not be read or decoded (kept, reported, retried next time).
    static func load(prefix: String, regions: RegionSet) async -> (hints: [(key: String, hint: String)], errors: [StateError]) {
        let listing = await regions.listUnion(prefix: folder(prefix: prefix))
        let read = await regions.readStates(listing.sortedKeys) { bytes, hint, region in
            (key: try StateJSON.decode(RepairHint.self, from: bytes, key: hint, region: region).key, hint: hint)
        }
        return (read.values, read.unreadable)
    }
}
