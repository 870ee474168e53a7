import Foundation
import TidemarkCore
import TidemarkS3
import TidemarkStore

/// Builds a store per configured region, taking credentials from the
/// environment variables the configuration names.
enum RegionFactory {
    /// One store per region; `background` stores do their work at background
    /// priority (the collector's, whose uploads must yield to its requests).
    static func stores(
        for configuration: TidemarkConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment,
        background: Bool = false
    ) throws -> [any ObjectStore] {
        try configuration.regions.map { try store(for: $0, environment: environment, background: background) }
    }

    static func store(
        for region: RegionConfiguration, environment: [String: String], background: Bool = false
    ) throws -> any ObjectStore {
        if let path = region.localPath {
            return FileStore(name: region.name, root: path, priority: background ? .background : .normal)
        }
        func secret(_ variable: String?, _ what: String) throws -> String {
            guard let variable, let value = environment[variable], !value.isEmpty else {
                throw CLIError(
                    "region \(region.name): environment variable \(variable ?? "?") (the \(what)) is not set")
            }
            return value
        }
        var s3 = S3Configuration(
            name: region.name, endpoint: region.endpoint, bucket: region.bucket ?? "",
            signingRegion: region.region ?? "us-east-1",
            accessKey: try secret(region.accessKeyEnv, "access key"),
            secretKey: try secret(region.secretKeyEnv, "secret key"))
        s3.caBundlePath = region.caBundle
        if let v = region.connectTimeoutMs { s3.connectTimeoutMs = v }
        if let v = region.timeoutMs { s3.baseTimeoutMs = v }
        if let v = region.lowSpeedSeconds { s3.lowSpeedSeconds = v }
        s3.backgroundWorkers = background
        do {
            return S3Store(client: try S3Client(s3))
        } catch {
            // An S3Error names the region itself; this line names it once.
            throw CLIError("region \(region.name): \(error.reason)")
        }
    }
}
