import TidemarkS3

/// A region in an S3-compatible bucket, reached through `S3Client`.
package struct S3Store: ObjectStore {
    /// The client for the region's bucket.
    package let client: S3Client

    package var name: String { client.name }

    /// Keys per list request.
    package let pageSize: Int

    package init(client: S3Client, pageSize: Int = 1000) {
        self.client = client
        self.pageSize = pageSize
    }

    package func prepare() async throws {
        try await mapped("CREATE-BUCKET", nil) { try await client.createBucket() }
    }

    package func put(_ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool)
        async throws -> PutOutcome
    {
        try await mapped("PUT", key) {
            let outcome = try await client.putObject(
                key: key, body: bytes, contentType: contentType, metadata: ["sha256": sha256], ifNoneMatch: ifAbsent)
            switch outcome {
            case .created: return PutOutcome.created
            case .alreadyExists: return PutOutcome.alreadyExists
            }
        }
    }

    package func get(_ key: String) async throws -> StoredObject {
        try await mapped("GET", key) {
            let object = try await client.getObject(key: key)
            return StoredObject(bytes: object.body, sha256: object.metadata["sha256"])
        }
    }

    package func head(_ key: String) async throws -> ObjectInfo {
        try await mapped("HEAD", key) {
            let info = try await client.headObject(key: key)
            return ObjectInfo(size: info.size, sha256: info.metadata["sha256"])
        }
    }

    package func delete(_ key: String) async throws {
        try await mapped("DELETE", key) { try await client.deleteObject(key: key) }
    }

    package func list(prefix: String) async throws -> [ListedObject] {
        var out = try await pages(prefix: prefix, delimiter: nil) { page in
            page.objects.map { ListedObject(key: $0.key, size: $0.size, etag: $0.etag) }
        }
        out.sortByKey()
        return out
    }

    package func listFolders(prefix: String) async throws -> [String] {
        try await pages(prefix: prefix, delimiter: "/") { $0.commonPrefixes }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Every page of a ListObjectsV2 listing, each turned into rows by `rows`.
    private func pages<Row>(prefix: String, delimiter: String?, _ rows: (S3ListPage) -> [Row]) async throws -> [Row] {
        try await mapped("LIST", prefix) {
            var out: [Row] = []
            var token: String?
            repeat {
                let page = try await client.listObjects(
                    prefix: prefix, delimiter: delimiter, continuationToken: token, maxKeys: pageSize)
                out.append(contentsOf: rows(page))
                token = page.nextContinuationToken
            } while token != nil
            return out
        }
    }

    private func mapped<T>(_ operation: String, _ key: String?, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as S3Error {
            let kind: StoreError.Kind =
                if error.isCancelled {
                    .cancelled
                } else if error.isUnavailable {
                    .unavailable
                } else if error.isAuthFailed {
                    .authFailed
                } else if error.isNotFound {
                    .notFound
                } else {
                    .rejected
                }
            // The StoreError names the region, operation and key itself: only the cause goes in its detail.
            throw StoreError(kind, region: name, operation: operation, key: key, detail: error.reason)
        }
    }
}
