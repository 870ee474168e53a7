/// Where and how to reach one S3-compatible region: endpoint, bucket, credentials and timeouts.
///
/// Addressing is path-style (`{endpoint}/{bucket}/{key}`); requests are signed with SigV4.
package struct S3Configuration: Sendable {
    /// Region name used in errors and logs ("eu").
    package var name: String
    /// Base URL, `http://127.0.0.1:9010` or `https://s3.eu-west-1.example.net`, without the bucket.
    package var endpoint: String
    /// Bucket every request of the client addresses.
    package var bucket: String
    /// Region the signature is scoped to ("us-east-1").
    package var signingRegion: String
    /// Access key id.
    package var accessKey: String
    /// Secret access key; never appears in errors or descriptions.
    package var secretKey: String
    /// PEM bundle of a private CA to trust; certificate verification is always on.
    package var caBundlePath: String?
    /// Time allowed to establish the TCP (and TLS) connection.
    package var connectTimeoutMs: Int = 2000
    /// A transfer slower than 1 byte/s for this many seconds is aborted (a hung server).
    package var lowSpeedSeconds: Int = 5
    /// Fixed part of the total per-request timeout.
    package var baseTimeoutMs: Int = 10_000
    /// Throughput assumed when scaling the total timeout: `base + bytes / minThroughput`.
    package var minThroughputBytesPerSecond: Int = 1_000_000
    /// Number of connections (worker threads, each with one curl handle) the client keeps.
    package var maxConnections: Int = 4
    /// When true the worker threads run at background priority (nice 10 on
    /// Linux), so transfers yield the CPU to the process's foreground work;
    /// the collector's uploads use it, so a region catching up does not slow
    /// the requests it answers.
    package var backgroundWorkers = false

    /// Creates a configuration with default timeouts and connection count.
    package init(
        name: String,
        endpoint: String,
        bucket: String,
        signingRegion: String,
        accessKey: String,
        secretKey: String
    ) {
        self.name = name
        self.endpoint = endpoint
        self.bucket = bucket
        self.signingRegion = signingRegion
        self.accessKey = accessKey
        self.secretKey = secretKey
    }
}

extension S3Configuration: CustomStringConvertible {
    /// Region, endpoint and bucket; credentials are left out.
    package var description: String {
        "S3Configuration(name: \(name), endpoint: \(endpoint), bucket: \(bucket), signingRegion: \(signingRegion))"
    }
}

extension S3Configuration {
    /// Endpoint without trailing slashes, after checking the scheme and numeric settings.
    func validatedEndpoint() throws(S3Error) -> String {
        let context = S3Error.Context(region: name, operation: "CONFIGURE", bucket: bucket, key: nil)
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        let lower = base.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !base.contains("?") else {
            throw S3Error(.invalidConfiguration, context, detail: "endpoint must be an http:// or https:// URL without a query")
        }
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw S3Error(.invalidConfiguration, context, detail: "bucket name must be non-empty and contain no '/'")
        }
        guard !signingRegion.isEmpty, !signingRegion.contains(":") else {
            throw S3Error(.invalidConfiguration, context, detail: "signing region must be non-empty and contain no ':'")
        }
        guard maxConnections >= 1, connectTimeoutMs >= 1, lowSpeedSeconds >= 1, baseTimeoutMs >= 1,
              minThroughputBytesPerSecond >= 1
        else {
            throw S3Error(.invalidConfiguration, context, detail: "connections, timeouts and throughput must be positive")
        }
        return base
    }
}
