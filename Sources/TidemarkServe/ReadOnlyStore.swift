import TidemarkStore

/// A region as `tidemark serve` sees it: reads pass through, every write is
/// refused (`rejected`, which does not mark the region down), so nothing the
/// server calls, such as a reader's best-effort repair hint, can change a
/// region.
package struct ReadOnlyStore: ObjectStore {
    /// The wrapped region.
    package let base: any ObjectStore

    /// Wraps `base`.
    package init(_ base: any ObjectStore) { self.base = base }

    package var name: String { base.name }

    package func prepare() async throws {}

    package func put(_ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool) async throws
        -> PutOutcome
    {
        throw StoreError(.rejected, region: name, operation: "PUT", key: key, detail: "tidemark serve never writes")
    }

    package func get(_ key: String) async throws -> StoredObject { try await base.get(key) }

    package func head(_ key: String) async throws -> ObjectInfo { try await base.head(key) }

    package func delete(_ key: String) async throws {
        throw StoreError(.rejected, region: name, operation: "DELETE", key: key, detail: "tidemark serve never writes")
    }

    package func list(prefix: String) async throws -> [ListedObject] { try await base.list(prefix: prefix) }

    package func listFolders(prefix: String) async throws -> [String] { try await base.listFolders(prefix: prefix) }
}
