import Synchronization
import TidemarkStore

/// Wraps a store and fails every call as "unavailable" while switched off,
/// like a region whose datacenter is gone.
final class FaultyStore: ObjectStore {
    let inner: any ObjectStore
    private let down = Mutex(false)
    private let calls = Mutex(0)
    private let log = Mutex<[String]>([])

    init(_ inner: any ObjectStore) { self.inner = inner }

    var name: String { inner.name }
    var isDown: Bool {
        get { down.withLock { $0 } }
        set { down.withLock { $0 = newValue } }
    }
    var callCount: Int { calls.withLock { $0 } }
    /// Every call as "OP key", oldest first.
    var operations: [String] { log.withLock { $0 } }

    private func check(_ op: String, _ key: String?) throws {
        calls.withLock { $0 += 1 }
        log.withLock { $0.append(op + " " + (key ?? "")) }
        if isDown { throw StoreError(.unavailable, region: name, operation: op, key: key, detail: "injected outage") }
    }

    func prepare() async throws {
        try check("PREPARE", nil)
        try await inner.prepare()
    }
    func put(_ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool) async throws -> PutOutcome {
        try check("PUT", key)
        return try await inner.put(key, bytes: bytes, sha256: sha256, contentType: contentType, ifAbsent: ifAbsent)
    }
    func get(_ key: String) async throws -> StoredObject {
        try check("GET", key)
        return try await inner.get(key)
    }
    func head(_ key: String) async throws -> ObjectInfo {
        try check("HEAD", key)
        return try await inner.head(key)
    }
    func delete(_ key: String) async throws {
        try check("DELETE", key)
        try await inner.delete(key)
    }
    func listFolders(prefix: String) async throws -> [String] {
        try check("LIST", prefix)
        return try await inner.listFolders(prefix: prefix)
    }
    func list(prefix: String) async throws -> [ListedObject] {
        try check("LIST", prefix)
        return try await inner.list(prefix: prefix)
    }
}
