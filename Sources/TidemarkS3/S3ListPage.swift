/// One page of a ListObjectsV2 answer.
package struct S3ListPage: Sendable, Equatable {
    /// Objects on this page, in the server's (UTF-8 binary) key order.
    package var objects: [S3ListEntry]
    /// Key prefixes rolled up by the delimiter ("site=a.com/").
    package var commonPrefixes: [String]
    /// Token for the next page; nil on the last page.
    package var nextContinuationToken: String?
    /// Whether more results follow this page.
    package var isTruncated: Bool

    /// Creates a page.
    package init(objects: [S3ListEntry], commonPrefixes: [String], nextContinuationToken: String?, isTruncated: Bool) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
        self.isTruncated = isTruncated
    }
}

/// One object in a listing.
package struct S3ListEntry: Sendable, Equatable {
    /// Full object key (entity-decoded).
    package var key: String
    /// Object size in bytes.
    package var size: Int
    /// ETag without surrounding quotes.
    package var etag: String

    /// Creates an entry.
    package init(key: String, size: Int, etag: String) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}
