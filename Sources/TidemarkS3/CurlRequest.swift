/// Everything one libcurl transfer needs, independent of S3: URL, method, headers, body, credentials, limits.
struct CurlRequest: Sendable {
    /// HTTP method; PUT uploads ``body``, HEAD asks for no body.
    enum Method: String, Sendable {
        /// Download a body.
        case get = "GET"
        /// Upload ``CurlRequest/body``.
        case put = "PUT"
        /// Headers only.
        case head = "HEAD"
        /// Remove the resource.
        case delete = "DELETE"
    }

    /// HTTP method.
    var method: Method
    /// Full URL, already percent-encoded.
    var url: String
    /// Raw header lines (`Name: value`, or `Name;` for an empty value).
    var headerLines: [String]
    /// Request body, sent for PUT.
    var body: [UInt8]
    /// `CURLOPT_AWS_SIGV4` provider string, `aws:amz:<region>:s3`.
    var sigV4: String
    /// Access key (CURLOPT_USERNAME).
    var username: String
    /// Secret key (CURLOPT_PASSWORD).
    var password: String
    /// PEM bundle to trust instead of the system store.
    var caBundlePath: String?
    /// Connect timeout.
    var connectTimeoutMs: Int
    /// Abort when slower than 1 byte/s for this long.
    var lowSpeedSeconds: Int
    /// Fixed part of the total deadline.
    var baseTimeoutMs: Int
    /// Throughput the size-dependent part of the deadline assumes.
    var minThroughputBytesPerSecond: Int
    /// Receives a 2xx response body chunk by chunk instead of buffering it.
    var sink: (@Sendable (UnsafeRawBufferPointer) -> Void)?

    /// Total time allowed for a transfer of `bytes`: `base + bytes / minThroughput`.
    func deadlineMs(forBytes bytes: Int) -> Int {
        let scaled = bytes.multipliedReportingOverflow(by: 1000)
        let extra = scaled.overflow ? Int.max / 2 : scaled.partialValue / minThroughputBytesPerSecond
        return baseTimeoutMs + min(extra, Int.max / 2)
    }
}
