import Crypto

/// One S3 operation before it becomes a curl transfer: method, bucket-relative key, query, headers, body.
struct S3Request: Sendable {
    /// SHA-256 of the empty string, the payload hash of body-less requests.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// HTTP method.
    var method: CurlRequest.Method
    /// Label used in errors ("PUT", "LIST", "CREATE-BUCKET").
    var operation: String
    /// Object key, unencoded; nil addresses the bucket itself.
    var key: String?
    /// Query parameters, unencoded; sorted and encoded when the URL is built.
    var query: [(name: String, value: String)] = []
    /// Extra headers (`Content-Type`, `x-amz-meta-…`, `If-None-Match`), unencoded.
    var headers: [(name: String, value: String)] = []
    /// Body for PUT.
    var body: [UInt8] = []

    /// The path-style URL: `{endpoint}/{bucket}/{encoded key}?{canonical query}`.
    func url(endpoint: String, bucket: String) -> String {
        var url = endpoint + "/" + PercentEncoding.path(bucket)
        if let key { url += "/" + PercentEncoding.path(key) }
        if !query.isEmpty { url += "?" + PercentEncoding.canonicalQuery(query) }
        return url
    }

    /// Header lines including `x-amz-content-sha256`, which curl neither adds nor computes for uploads.
    func headerLines() -> [String] {
        let payloadHash = body.isEmpty ? Self.emptyPayloadHash : Self.hexSHA256(body)
        var lines = ["x-amz-content-sha256: \(payloadHash)"]
        for header in headers {
            lines.append("\(header.name): \(header.value)")
        }
        return lines
    }

    /// Transfer description for `configuration`.
    func curlRequest(
        configuration: S3Configuration,
        endpoint: String,
        sink: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) -> CurlRequest {
        CurlRequest(
            method: method,
            url: url(endpoint: endpoint, bucket: configuration.bucket),
            headerLines: headerLines(),
            body: body,
            sigV4: "aws:amz:\(configuration.signingRegion):s3",
            username: configuration.accessKey,
            password: configuration.secretKey,
            caBundlePath: configuration.caBundlePath,
            connectTimeoutMs: configuration.connectTimeoutMs,
            lowSpeedSeconds: configuration.lowSpeedSeconds,
            baseTimeoutMs: configuration.baseTimeoutMs,
            minThroughputBytesPerSecond: configuration.minThroughputBytesPerSecond,
            sink: sink
        )
    }

    private static func hexSHA256(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
