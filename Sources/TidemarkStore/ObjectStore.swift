/// One region's object storage: an S3 bucket or a local directory.
///
/// Every method throws `StoreError`. Keys are S3 object keys (`/`-separated);
/// a store never interprets them.
package protocol ObjectStore: Sendable {
    /// The region's name, for messages.
    var name: String { get }

    /// Creates the bucket or directory when missing.
    func prepare() async throws

    /// Writes an object with its SHA-256 as metadata. With `ifAbsent`, an
    /// existing key is left alone and `.alreadyExists` returned.
    func put(_ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool) async throws
        -> PutOutcome

    /// Reads a whole object and its SHA-256 metadata.
    func get(_ key: String) async throws -> StoredObject

    /// Size and SHA-256 metadata of an object.
    func head(_ key: String) async throws -> ObjectInfo

    /// Removes an object; removing a missing key is not an error.
    func delete(_ key: String) async throws

    /// Every key under `prefix`, in UTF-8 byte order, with sizes.
    func list(prefix: String) async throws -> [ListedObject]

    /// The "folders" directly under `prefix` (which ends in `/`): each common
    /// prefix up to the next `/`, with it, in UTF-8 byte order.
    func listFolders(prefix: String) async throws -> [String]
}

/// What a conditional write did.
package enum PutOutcome: Sendable, Equatable {
    /// The object was written.
    case created
    /// The key existed already and was left alone.
    case alreadyExists
}

/// An object read whole.
package struct StoredObject: Sendable {
    /// The object's bytes.
    package var bytes: [UInt8]
    /// `x-amz-meta-sha256` (or the sidecar), when present.
    package var sha256: String?

    package init(bytes: [UInt8], sha256: String?) {
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// An object's size and checksum metadata.
package struct ObjectInfo: Sendable, Equatable {
    /// Size in bytes.
    package var size: Int
    /// `x-amz-meta-sha256`, when present.
    package var sha256: String?

    package init(size: Int, sha256: String?) {
        self.size = size
        self.sha256 = sha256
    }
}

/// One row of a listing.
package struct ListedObject: Sendable, Equatable {
    /// Object key.
    package var key: String
    /// Size in bytes.
    package var size: Int
    /// The server's entity tag (S3 only): equal bytes uploaded in one part
    /// have equal tags, so replicas can be compared without downloading.
    package var etag: String?

    package init(key: String, size: Int, etag: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}

extension Array where Element == ListedObject {
    /// Sorts by key in UTF-8 byte order, as S3 lists.
    package mutating func sortByKey() {
        sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }
}
