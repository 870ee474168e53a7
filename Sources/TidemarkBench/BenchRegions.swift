import TidemarkS3
import TidemarkTesting

/// The regions part of a benchmark collector's tidemark.yml, shared by the
/// benches that run the real binary against a SeaweedFS cluster.
enum BenchRegions {
    /// Creates `bucket` in every region of `cluster`, puts each region's keys
    /// into `env` as `TM_{REGION}_KEY` / `TM_{REGION}_SECRET`, and returns one
    /// `regions:` list entry per region (SPEC §5), with short timeouts so a
    /// dead region is noticed within seconds.
    static func yaml(cluster: SeaweedCluster, bucket: String, env: inout [String: String]) async throws -> String {
        var yaml = ""
        for r in cluster.regions {
            try await S3Client(r.s3Configuration(bucket: bucket)).createBucket()
            let up = r.name.uppercased()
            env["TM_\(up)_KEY"] = r.accessKey
            env["TM_\(up)_SECRET"] = r.secretKey
            yaml += "  - {name: \(r.name), endpoint: \"\(r.s3Endpoint)\", bucket: \(bucket), access_key_env: TM_\(up)_KEY, secret_key_env: TM_\(up)_SECRET, connect_timeout_ms: 1000, timeout_ms: 3000, low_speed_seconds: 2}\n"
        }
        return yaml
    }
}
