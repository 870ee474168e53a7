import TidemarkS3

extension SeaweedCluster {
    /// Creates `bucket` in every region, puts each region's keys into `env`
    /// as `TM_{REGION}_KEY` / `TM_{REGION}_SECRET`, and returns one
    /// `regions:` list entry per region (SPEC §5), with short timeouts so a
    /// dead region is noticed within seconds: the regions part of a
    /// tidemark.yml for the real binary (benches and integration tests).
    package func regionsYAML(bucket: String, env: inout [String: String]) async throws -> String {
        var yaml = ""
        for r in regions {
            try await S3Client(r.s3Configuration(bucket: bucket)).createBucket()
            let up = r.name.uppercased()
            env["TM_\(up)_KEY"] = r.accessKey
            env["TM_\(up)_SECRET"] = r.secretKey
            yaml += "  - {name: \(r.name), endpoint: \"\(r.s3Endpoint)\", bucket: \(bucket), access_key_env: TM_\(up)_KEY, secret_key_env: TM_\(up)_SECRET, connect_timeout_ms: 1000, timeout_ms: 3000, low_speed_seconds: 2}\n"
        }
        return yaml
    }
}
