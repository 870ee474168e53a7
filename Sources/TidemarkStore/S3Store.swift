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
        try await mapped("LIST", prefix) {
            var out: [ListedObject] = []
            var token: String?
            repeat {
                let page = try await client.listObjects(
                    prefix: prefix, delimiter: nil, continuationToken: token, maxKeys: pageSize)
                out.append(contentsOf: page.objects.map { ListedObject(key: $0.key, size: $0.size, etag: $0.etag) })
                token = page.nextContinuationToken
            } while token != nil
            out.sortByKey()
            return out
        }
    }

    package func listFolders(prefix: String) async throws -> [String] {
        try await mapped("LIST", prefix) {
            var out: [String] = []
            var token: String?
            repeat {
                let page = try await client.listObjects(
                    prefix: prefix, delimiter: "/", continuationToken: token, maxKeys: pageSize)
                out.append(contentsOf: page.commonPrefixes)
                token = page.nextContinuationToken
            } while token != nil
            return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    private func mapped<T>(_ operation: String, _ key: String?, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as S3Error {
            let kind: StoreError.Kind =
                if error.isUnavailable { .unavailable } else if error.isAuthFailed { .authFailed } else if error
                .isNotFound
            { .notFound } else { .rejected }
            throw StoreError(kind, region: name, operation: operation, key: key, detail: "\(error)")
        }
    }
}
