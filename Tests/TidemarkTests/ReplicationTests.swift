import Foundation
import Synchronization
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkStore

@Suite("Replication: region set, spool and hand-off")
struct ReplicationTests {
    struct Fixture {
        let dir: TempDir
        let stores: [FaultyStore]
        let regions: RegionSet
        let spool: Spool

        init() throws {
            let dir = try TempDir("repl")
            self.dir = dir
            stores = ["eu", "us", "ap"].map { FaultyStore(FileStore(name: $0, root: dir.path + "/regions/" + $0)) }
            regions = RegionSet(stores)
            spool = Spool(root: dir.path + "/spool", regions: regions.names)
        }
    }

    static func segment(_ n: Int, hour: Int = 10) throws -> SealedSegment {
        let b = try SegmentBuilder(site: "example.com", hour: UTCHour(day: Timestamp.parseDay("2026-11-26") ?? 0, hour: hour))
        for line in CodecTests.lines(n, hour: String(format: "%02d", hour)) {
            guard case .event(let e) = EventParser.parse(line) else { throw CodecError.corrupt("fixture") }
            var l = line
            try l.withUTF8 { try b.append(line: UnsafeRawBufferPointer($0), epochMillis: e.epochMillis) }
        }
        return try b.seal(prefix: "tm")
    }

    @Test func readFailsOverFromACorruptReplica() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let seg = try Self.segment(10)
        _ = await f.regions.putEverywhere(seg.key.key, bytes: seg.bytes, sha256: seg.sha256, contentType: "x", ifAbsent: true)
        // eu's copy is overwritten with other bytes, keeping its checksum sidecar.
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: f.dir.path + "/regions/eu/" + seg.key.key))
        let got = try await f.regions.readVerified(seg.key.key, keySHA256Prefix: seg.key.sha256Prefix)
        #expect(got.region == "us")
        #expect(got.bytes == seg.bytes)
        #expect(got.failures.map(\.region) == ["eu"])
        #expect(got.failures.first?.kind == .corrupt)
    }

    @Test func readFailsOverFromADeadRegionAndNamesTheKeyWhenAllFail() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let seg = try Self.segment(5)
        _ = await f.regions.putEverywhere(seg.key.key, bytes: seg.bytes, sha256: seg.sha256, contentType: "x", ifAbsent: true)
        f.stores[0].isDown = true
        f.stores[1].isDown = true
        #expect(try await f.regions.readVerified(seg.key.key).region == "ap")
        // Down regions are now tried last.
        let before = f.stores[0].callCount
        _ = try await f.regions.readVerified(seg.key.key)
        #expect(f.stores[0].callCount == before)
        f.stores[2].isDown = true
        do {
            _ = try await f.regions.readVerified(seg.key.key)
            Issue.record("read succeeded with every region down")
        } catch let e as ReplicaReadError {
            #expect(e.description.contains(seg.key.key))
            #expect(e.failures.count == 3)
        }
    }

    @Test func unionListingMergesRegions() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let a = try Self.segment(3, hour: 1)
        let b = try Self.segment(4, hour: 2)
        _ = try await f.stores[0].put(a.key.key, bytes: a.bytes, sha256: a.sha256, contentType: "x", ifAbsent: true)
        _ = try await f.stores[2].put(b.key.key, bytes: b.bytes, sha256: b.sha256, contentType: "x", ifAbsent: true)
        f.stores[1].isDown = true
        let listing = await f.regions.listUnion(prefix: "tm/events/")
        #expect(listing.sortedKeys == [a.key.key, b.key.key])
        #expect(listing.entries[a.key.key]?.regions == [0])
        #expect(listing.entries[b.key.key]?.regions == [2])
        #expect(listing.failures.map(\.region) == ["us"])
    }

    @Test func queuesListedAgainSeeMarkersAddedAndRemoved() throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let keys = ["tm/events/site=b.example/x.ndjson.gz", "tm/events/site=a.example/y.ndjson.gz", "tm/events/site=c.example/z.ndjson.gz"]
        try f.spool.enqueue(keys[0], for: ["ap"])
        try f.spool.enqueue(keys[1], for: ["ap"])
        #expect(try f.spool.pending(for: "ap") == [keys[1], keys[0]])
        #expect(try f.spool.pending(for: "ap") == [keys[1], keys[0]])  // unchanged: answered from what was read
        try f.spool.markDelivered(keys[1], region: "ap")
        #expect(try f.spool.pending(for: "ap") == [keys[0]])
        try f.spool.enqueue(keys[2], for: ["ap"])
        try f.spool.enqueue(keys[1], for: ["ap"])
        #expect(try f.spool.pending(for: "ap") == [keys[1], keys[0], keys[2]])
        #expect(try f.spool.pending(for: "eu").isEmpty)
        // Another process (a fresh value) reads the same queue from disk.
        #expect(try Spool(root: f.spool.root, regions: f.regions.names).pending(for: "ap") == [keys[1], keys[0], keys[2]])
    }

    @Test func aRegionDrainDeletesASegmentOnlyWhenTheLastRegionHasIt() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let drainer = HandoffDrainer(spool: f.spool, regions: f.regions, policy: RetryPolicy(maxAttempts: 1))
        let seg = try Self.segment(4)
        try f.spool.add(seg)
        for (i, region) in ["eu", "us", "ap"].enumerated() {
            #expect(try f.spool.segmentKeys() == [seg.key.key], "before \(region) took it")
            let result = try #require(try await drainer.drain(region: region))
            #expect(result.delivered == 1 && result.remaining == 0 && result.lastError == nil)
            #expect(try f.spool.pending(for: region).isEmpty)
            #expect(try await f.stores[i].get(seg.key.key).bytes == seg.bytes)
        }
        #expect(try f.spool.segmentKeys().isEmpty)
        #expect(try await drainer.drain(region: "nowhere") == nil)
    }

    @Test func handoffKeepsSegmentsForADownRegionUntilItReturns() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let segs = try (0..<6).map { try Self.segment(3 + $0, hour: $0) }
        for s in segs { try f.spool.add(s) }
        f.stores[1].isDown = true
        let drainer = HandoffDrainer(spool: f.spool, regions: f.regions, policy: RetryPolicy(maxAttempts: 2, initialDelayMs: 1))
        let first = try await drainer.drain()
        #expect(first.regions.map(\.region) == ["eu", "us", "ap"])
        #expect(first.regions.map(\.remaining) == [0, 6, 0])
        #expect(first.regions[1].gaveUp)
        #expect(first.segmentsRemoved == 0)
        #expect(try f.spool.pending(for: "us").count == 6)
        #expect(try f.spool.backlog().map(\.segments) == [0, 6, 0])

        f.stores[1].isDown = false
        let second = try await drainer.drain()
        #expect(second.behind.isEmpty)
        #expect(second.segmentsRemoved == 6)
        #expect(try f.spool.segmentKeys().isEmpty)
        for store in f.stores {
            #expect(try await store.list(prefix: "tm/").map(\.key) == segs.map(\.key.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
    }

    @Test func eachDeliveryIsReportedAsItHappens() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let segs = try (0..<5).map { try Self.segment(2 + $0, hour: $0) }
        for s in segs { try f.spool.add(s) }
        f.stores[1].isDown = true
        let seen = Mutex([String: Int]())
        let drainer = HandoffDrainer(
            spool: f.spool, regions: f.regions, policy: RetryPolicy(maxAttempts: 1),
            onDelivered: { region in seen.withLock { $0[region, default: 0] += 1 } })
        let first = try await drainer.drain()
        #expect(seen.withLock { $0 } == ["eu": 5, "ap": 5])
        #expect(first.regions.map(\.delivered) == [5, 0, 5])
        f.stores[1].isDown = false
        _ = try #require(try await drainer.drain(region: "us"))
        #expect(seen.withLock { $0 } == ["eu": 5, "us": 5, "ap": 5])
    }

    @Test func orphanedSegmentsAreQueuedAgain() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let s = try Self.segment(4)
        try f.spool.add(s)
        for r in f.regions.names { try f.spool.markDelivered(s.key.key, region: r) }
        // A crash left the segment with no marker: it must be shipped again, not lost.
        #expect(try f.spool.recoverOrphans() == [s.key.key])
        let report = try await HandoffDrainer(spool: f.spool, regions: f.regions, policy: RetryPolicy(maxAttempts: 1)).drain()
        #expect(report.regions.map(\.delivered) == [1, 1, 1])
        #expect(try f.spool.segmentKeys().isEmpty)
    }

    @Test func corruptSpoolFileIsNotUploaded() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let s = try Self.segment(4)
        try f.spool.add(s)
        try Data([0x1F, 0x8B, 0]).write(to: URL(fileURLWithPath: f.dir.path + "/spool/segments/" + s.key.key))
        let report = try await HandoffDrainer(spool: f.spool, regions: f.regions, policy: RetryPolicy(maxAttempts: 1)).drain()
        #expect(report.regions.allSatisfy { $0.remaining == 1 && $0.delivered == 0 })
        #expect(try await f.stores[0].list(prefix: "tm/").isEmpty)
    }

    @Test(arguments: [
        (1, [HandoffState.Action.giveUp]),
        (3, [.retry(afterMs: 100), .retry(afterMs: 200), .giveUp]),
    ])
    func handoffStateBacksOffThenGivesUp(_ attempts: Int, _ expected: [HandoffState.Action]) {
        var state = HandoffState(policy: RetryPolicy(maxAttempts: attempts, initialDelayMs: 100, maxDelayMs: 1000))
        let actions = expected.map { _ in state.roundEnded(remaining: 5, delivered: 0, failed: true) }
        #expect(actions == expected)
    }

    @Test func handoffStateResetsOnProgress() {
        var state = HandoffState(policy: RetryPolicy(maxAttempts: 2, initialDelayMs: 100))
        #expect(state.roundEnded(remaining: 5, delivered: 0, failed: true) == .retry(afterMs: 100))
        #expect(state.roundEnded(remaining: 3, delivered: 2, failed: true) == .retry(afterMs: 100))
        #expect(state.failedRounds == 0)
        #expect(state.roundEnded(remaining: 0, delivered: 3, failed: false) == .done)
        #expect(RetryPolicy(maxAttempts: 9, initialDelayMs: 500, maxDelayMs: 8000).delayMs(beforeAttempt: 9) == 8000)
    }
    /// Ways a region's queue can become unreadable (fault injection; root ignores permissions).
    enum QueueFault: String, CaseIterable, Sendable {
        /// The region's marker for the segment is a symlink to itself (ELOOP on open and stat).
        case markerLoops
        /// The region's queue directory is a regular file (ENOTDIR on listing and stat).
        case queueIsAFile
    }

    @Test(arguments: QueueFault.allCases)
    func anUnreadableQueueKeepsTheSegmentAndSaysSo(_ fault: QueueFault) async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let seg = try Self.segment(4)
        try f.spool.add(seg)
        let queue = f.spool.root + "/queue/eu"
        switch fault {
        case .markerLoops:
            let markers = try FileManager.default.contentsOfDirectory(atPath: queue)
            let marker = queue + "/" + (try #require(markers.first))
            try FileManager.default.removeItem(atPath: marker)
            try FileManager.default.createSymbolicLink(atPath: marker, withDestinationPath: marker)
        case .queueIsAFile:
            try FileManager.default.removeItem(atPath: queue)
            try Data("not a queue".utf8).write(to: URL(fileURLWithPath: queue))
        }
        #expect(throws: (any Error).self) { try f.spool.pending(for: "eu") }
        let drainer = HandoffDrainer(spool: f.spool, regions: f.regions, policy: RetryPolicy(maxAttempts: 1))
        // us and ap take the segment; deleting it afterwards needs to know eu
        // has it too, which cannot be told: an error naming eu, not "delivered".
        for (i, region) in [(1, "us"), (2, "ap")] {
            await #expect { _ = try await drainer.drain(region: region) } throws: { error in
                "\(error)".contains("queue/eu")
            }
            #expect(try await f.stores[i].get(seg.key.key).bytes == seg.bytes)
        }
        #expect(throws: (any Error).self) { try f.spool.removeIfDelivered(seg.key.key) }
        #expect(try f.spool.segmentKeys() == [seg.key.key])
        #expect(try f.spool.segmentBytes(seg.key.key) == seg.bytes)
    }
}
