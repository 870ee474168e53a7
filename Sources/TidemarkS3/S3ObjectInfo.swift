/// What HEAD (or the headers of a GET) tells about an object.
package struct S3ObjectInfo: Sendable, Equatable {
    /// Object size in bytes.
    package var size: Int
    /// ETag without surrounding quotes, when the server sent one.
    package var etag: String?
    /// Content-Type, when the server sent one.
    package var contentType: String?
    /// User metadata: names lowercased, without the `x-amz-meta-` prefix.
    package var metadata: [String: String]

    /// Creates an info value.
    package init(size: Int, etag: String?, contentType: String?, metadata: [String: String]) {
        self.size = size
        self.etag = etag
        self.contentType = contentType
        self.metadata = metadata
    }
}

extension S3ObjectInfo {
    /// Reads size, ETag, Content-Type and `x-amz-meta-*` from lowercased response headers.
    init(headers: [String: String], fallbackSize: Int) {
        var metadata: [String: String] = [:]
        let prefix = "x-amz-meta-"
        for (name, value) in headers where name.hasPrefix(prefix) {
            metadata[String(name.dropFirst(prefix.count))] = value
        }
        self.init(
            size: headers["content-length"].flatMap { Int($0) } ?? fallbackSize,
            etag: headers["etag"].map(unquotedETag),
            contentType: headers["content-type"],
            metadata: metadata
        )
    }
}

/// Strips the quotes S3 puts around ETags (`"abc"` → `abc`).
func unquotedETag(_ etag: String) -> String {
    var value = Substring(etag)
    if value.hasPrefix("W/") { value = value.dropFirst(2) }
    if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        value = value.dropFirst().dropLast()
    }
    return String(value)
}
