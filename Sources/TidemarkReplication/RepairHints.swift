import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkStore

/// Keys a reader found damaged in some region, kept in every region at
/// `{prefix}/state/repair-hints/{hash of key}.json` so the next repair on any
/// host checks those copies byte for byte, even where a listing cannot tell
/// them apart (same-size damage in a local-directory region).
package enum RepairHints {
    /// `{prefix}/state/repair-hints/`.
    package static func folder(prefix: String) -> String {
        BucketLayout(prefix: prefix).repairHints
    }

    /// Records that `region`'s copy of `key` is bad. Best effort: a hint that
    /// cannot be written is found by the next listing comparison or `--deep`.
    package static func record(key: String, region: String, prefix: String, regions: RegionSet) async {
        let hintKey = BucketLayout(prefix: prefix).repairHint(name: String(Checksum.sha256Hex(Array(key.utf8)).prefix(32)))
        let body = Array(("{\"key\":" + JSONText.quoted(key) + ",\"region\":" + JSONText.quoted(region) + "}\n").utf8)
        _ = await regions.putEverywhere(
            hintKey, bytes: body, sha256: Checksum.sha256Hex(body), contentType: "application/json", ifAbsent: false)
    }

    /// Every hinted key, with the hint objects that name it.
    static func load(prefix: String, regions: RegionSet) async -> [(key: String, hint: String)] {
        let listing = await regions.listUnion(prefix: folder(prefix: prefix))
        var out: [(key: String, hint: String)] = []
        for hint in listing.sortedKeys {
            guard let object = try? await regions.readVerified(hint),
                let key = JSONValue.parse(object.bytes)?["key"]?.string
            else { continue }
            out.append((key, hint))
        }
        return out
    }
}
