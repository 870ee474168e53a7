import Foundation
import Testing
import TidemarkS3
import TidemarkStore
import TidemarkTesting

/// The same behaviour from every kind of region: local directory and real S3.
@Suite("Object store conformance")
struct StoreConformanceTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case file, s3
        var testDescription: String { rawValue }
    }

    struct Subject {
        var store: any ObjectStore
        var cleanup: () -> Void
    }

    static func make(_ kind: Kind, pageSize: Int = 1000) async throws -> Subject {
        switch kind {
        case .file:
            let dir = try TempDir("store")
            return Subject(store: FileStore(name: "local", root: dir.path + "/region"), cleanup: dir.cleanup)
        case .s3:
            return Subject(store: try await sharedS3Store(pageSize: pageSize), cleanup: {})
        }
    }

    static let trickyKey = "tm/events/site=a.example/date=2026-11-26/hour=10/x y+z=&%ü~(1).ndjson.gz"

    @Test(arguments: Kind.allCases)
    func roundTripKeepsBytesAndChecksum(_ kind: Kind) async throws {
        let s = try await Self.make(kind)
        defer { s.cleanup() }
        try await s.store.prepare()
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sha = String(repeating: "ab", count: 32)
        #expect(try await s.store.put(Self.trickyKey, bytes: bytes, sha256: sha, contentType: "application/gzip", ifAbsent: false) == .created)
        let got = try await s.store.get(Self.trickyKey)
        #expect(got.bytes == bytes)
        #expect(got.sha256 == sha)
        let info = try await s.store.head(Self.trickyKey)
        #expect(info == ObjectInfo(size: bytes.count, sha256: sha))
    }

    @Test(arguments: Kind.allCases)
    func conditionalPutLeavesExistingObject(_ kind: Kind) async throws {
        let s = try await Self.make(kind)
        defer { s.cleanup() }
        let key = "tm/a/b.txt"
        #expect(try await s.store.put(key, bytes: [1, 2, 3], sha256: "one", contentType: "text/plain", ifAbsent: true) == .created)
        #expect(try await s.store.put(key, bytes: [9], sha256: "two", contentType: "text/plain", ifAbsent: true) == .alreadyExists)
        let got = try await s.store.get(key)
        #expect(got.bytes == [1, 2, 3])
        #expect(got.sha256 == "one")
        #expect(try await s.store.put(key, bytes: [7, 7], sha256: "three", contentType: "text/plain", ifAbsent: false) == .created)
        #expect(try await s.store.get(key).bytes == [7, 7])
    }

    @Test(arguments: Kind.allCases)
    func listingIsSortedPaginatedAndPrefixed(_ kind: Kind) async throws {
        let s = try await Self.make(kind, pageSize: 2)
        defer { s.cleanup() }
        let keys = [
            "tm/events/site=a.example/date=2026-11-26/hour=10/b.ndjson.gz",
            "tm/events/site=a.example/date=2026-11-26/hour=10/a b.ndjson.gz",
            "tm/events/site=a.example/date=2026-11-26/hour=09/z+z.ndjson.gz",
            "tm/events/site=a.example/date=2026-11-26/hour=11/&amp;.ndjson.gz",
            "tm/events/site=a.example/date=2026-11-27/hour=00/c.ndjson.gz",
        ]
        for k in keys + ["tm/reports/x.json", "other/y"] {
            _ = try await s.store.put(k, bytes: Array(k.utf8), sha256: "s", contentType: "text/plain", ifAbsent: false)
        }
        let listed = try await s.store.list(prefix: "tm/events/site=a.example/")
        let expected = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(listed.map(\.key) == expected)
        #expect(listed.map(\.size) == expected.map { $0.utf8.count })
        let day = try await s.store.list(prefix: "tm/events/site=a.example/date=2026-11-26/hour=1")
        #expect(day.count == 3)
        #expect(try await s.store.list(prefix: "nothing/here/").isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func foldersAreListedOneLevelDeep(_ kind: Kind) async throws {
        let s = try await Self.make(kind, pageSize: 1)
        defer { s.cleanup() }
        for k in ["tm/events/site=b.example/date=2026-11-26/hour=10/x", "tm/events/site=a.example/date=2026-11-26/hour=10/y",
                  "tm/events/site=a.example/date=2026-11-27/hour=00/z", "tm/events/top-level-file"] {
            _ = try await s.store.put(k, bytes: [1], sha256: "s", contentType: "t", ifAbsent: false)
        }
        #expect(try await s.store.listFolders(prefix: "tm/events/") == ["tm/events/site=a.example/", "tm/events/site=b.example/"])
        #expect(try await s.store.listFolders(prefix: "tm/events/site=a.example/") == [
            "tm/events/site=a.example/date=2026-11-26/", "tm/events/site=a.example/date=2026-11-27/",
        ])
        #expect(try await s.store.listFolders(prefix: "tm/events/site=a.example/date=2026-11-26/hour=") == [
            "tm/events/site=a.example/date=2026-11-26/hour=10/",
        ])
        #expect(try await s.store.listFolders(prefix: "tm/nothing/").isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func missingKeysAreNotFound(_ kind: Kind) async throws {
        let s = try await Self.make(kind)
        defer { s.cleanup() }
        try await s.store.prepare()
        await #expect(throws: StoreError.self) { _ = try await s.store.get("tm/missing") }
        do {
            _ = try await s.store.head("tm/missing")
            Issue.record("head of a missing key succeeded")
        } catch let e as StoreError {
            #expect(e.kind == .notFound)
            #expect(e.description.contains("tm/missing"))
        }
        do {
            _ = try await s.store.get("tm/missing")
        } catch let e as StoreError {
            #expect(e.kind == .notFound)
        }
        try await s.store.delete("tm/missing")
    }

    @Test(arguments: Kind.allCases)
    func deleteRemovesObject(_ kind: Kind) async throws {
        let s = try await Self.make(kind)
        defer { s.cleanup() }
        _ = try await s.store.put("tm/d", bytes: [1], sha256: "x", contentType: "text/plain", ifAbsent: false)
        try await s.store.delete("tm/d")
        #expect(try await s.store.list(prefix: "tm/").isEmpty)
    }

    @Test func wrongSecretIsAnAuthFailure() async throws {
        let cluster = try await sharedCluster()
        let region = cluster.regions[0]
        let good = S3Store(client: try S3Client(region.s3Configuration(bucket: uniqueBucket())))
        try await good.prepare()
        var config = region.s3Configuration(bucket: good.client.bucket)
        config.secretKey = "not-the-secret"
        let bad = S3Store(client: try S3Client(config))
        do {
            _ = try await bad.put("tm/x", bytes: [1], sha256: "x", contentType: "text/plain", ifAbsent: false)
            Issue.record("a wrong secret was accepted")
        } catch let e as StoreError {
            #expect(e.kind == .authFailed)
            #expect(!e.description.contains("not-the-secret"))
        }
        // Another region's key does not open this region either: SigV4 is really checked.
        var other = region.s3Configuration(bucket: good.client.bucket)
        other.accessKey = cluster.regions[1].accessKey
        other.secretKey = cluster.regions[1].secretKey
        await #expect(throws: StoreError.self) {
            _ = try await S3Store(client: try S3Client(other)).list(prefix: "tm/")
        }
    }

    @Test func localStoreRejectsEscapingKeys() async throws {
        let dir = try TempDir("esc")
        defer { dir.cleanup() }
        let store = FileStore(name: "local", root: dir.path)
        for key in ["../x", "a/../../x", "a//b", "/abs", "a/b.sha256"] {
            await #expect(throws: StoreError.self) {
                _ = try await store.put(key, bytes: [1], sha256: "x", contentType: "t", ifAbsent: false)
            }
        }
    }

    @Test func localStoreSidecarWorksWithSha256sum() async throws {
        let dir = try TempDir("sum")
        defer { dir.cleanup() }
        let store = FileStore(name: "local", root: dir.path)
        let bytes = Array("segment bytes\n".utf8)
        let sha = "f4d3b4a2ad2c1e8fc4b4ab1f63d8a02c57d35f6ec6ea14d9a1f22a1e7dbc7d38"
        _ = try await store.put("tm/x/seg.ndjson.gz", bytes: bytes, sha256: sha, contentType: "t", ifAbsent: false)
        let sidecar = try String(contentsOfFile: dir.path + "/tm/x/seg.ndjson.gz.sha256", encoding: .utf8)
        #expect(sidecar == "\(sha)  seg.ndjson.gz\n")
    }
}
