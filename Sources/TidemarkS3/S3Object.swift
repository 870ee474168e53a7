/// A downloaded object: its bytes and what the response headers said about it.
package struct S3Object: Sendable, Equatable {
    /// The object's bytes.
    package var body: [UInt8]
    /// Size, ETag, Content-Type and metadata.
    package var info: S3ObjectInfo

    /// Creates an object value.
    package init(body: [UInt8], info: S3ObjectInfo) {
        self.body = body
        self.info = info
    }

    /// User metadata: names lowercased, without the `x-amz-meta-` prefix.
    package var metadata: [String: String] { info.metadata }
    /// Size in bytes.
    package var size: Int { info.size }
    /// ETag without surrounding quotes.
    package var etag: String? { info.etag }
}
