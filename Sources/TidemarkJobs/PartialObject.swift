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
            throw ReportPartialError.notGzip("\(error)")
        }
        return try DailyPartial(json: json, expected: window)
    }
}

/// A partial object that is not gzip (a corrupt replica, not a format problem).
enum ReportPartialError: Error, CustomStringConvertible {
    case notGzip(String)

    var description: String {
        switch self {
        case .notGzip(let detail): "not a gzip stream: \(detail)"
        }
    }
}
