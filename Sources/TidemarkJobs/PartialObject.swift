import TidemarkCodec
import TidemarkReports

/// The stored form of a daily partial: `DailyPartial.jsonBytes`, gzip
/// compressed (`partial.json.gz`, Schemas/partial.v1.md). Gzip's header has
/// mtime 0, so equal partials give equal bytes and are not rewritten.
package enum PartialObject {
    /// The object bytes of `partial`.
    package static func encode(_ partial: DailyPartial) throws -> [UInt8] {
        try GzipDeflater.compress(partial.jsonBytes, level: 9)
    }

    /// The partial in `bytes`, which must be the partial of daily `window`.
    package static func decode(_ bytes: [UInt8], window: ReportWindow) throws -> DailyPartial {
        let json: [UInt8]
        do {
            json = try GzipInflater.decompress(bytes)
        } catch {
            // A corrupt replica, not a format problem: the reader tries the next region.
            throw JobsError("partial \(window.key(prefix: "", file: .partial)): not a gzip stream: \(error)")
        }
        return try DailyPartial(json: json, expected: window)
    }
}
