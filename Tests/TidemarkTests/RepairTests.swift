import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkStore

@Suite("Repair over local regions")
struct RepairTests {
    @Test func wipedRegionIsMadeWholeAndCorruptCopiesReplaced() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 800, sites: ["a.example", "b.example"]))
        _ = await f.runner.run([.daily(site: "a.example", day: JobRunnerTests.day)], formats: [.json, .html], force: false) { _ in }
        // us loses everything; ap's copy of one segment is overwritten with other bytes of the same size,
        // and another is truncated.
        try FileManager.default.removeItem(atPath: f.dir.path + "/regions/us")
        let a = segs[0]
        let b = segs[1]
        var other = a.bytes
        other[other.count / 2] ^= 0xFF
        try Data(other).write(to: URL(fileURLWithPath: f.dir.path + "/regions/ap/" + a.key.key))
        try Data(b.bytes.prefix(b.bytes.count / 3)).write(to: URL(fileURLWithPath: f.dir.path + "/regions/ap/" + b.key.key))

        // A listing cannot see same-size damage in a local region; --deep checks every copy.
        let report = await Repairer(prefix: "tm", regions: f.regions, deep: true).run(fromDay: nil, toDay: nil)
        #expect(report.unrecoverable.isEmpty)
        #expect(report.errors.isEmpty)
        #expect(report.replaced == 2)
        #expect(report.copied == segs.count + 4)  // every segment plus json, html, manifest, partial
        let eu = try await f.stores[0].list(prefix: "tm/")
        for i in 1..<3 {
            let listed = try await f.stores[i].list(prefix: "tm/")
            #expect(listed.map(\.key) == eu.map(\.key))
        }
        for s in segs {
            for store in f.stores {
                let got = try await store.get(s.key.key)
                #expect(got.bytes == s.bytes)
                #expect(got.sha256 == s.sha256)
            }
        }
        // A second pass finds nothing to do.
        let again = await Repairer(prefix: "tm", regions: f.regions, deep: true).run(fromDay: nil, toDay: nil)
        #expect(again.copied == 0)
        #expect(again.replaced == 0)
    }

    /// Puts `text` as `key` into the stores at `indices`.
    static func put(_ text: String, _ key: String, in f: JobRunnerTests.Fixture, _ indices: [Int]) async throws {
        let bytes = Array(text.utf8)
        for i in indices {
            _ = try await f.stores[i].put(
                key, bytes: bytes, sha256: Checksum.sha256Hex(bytes), contentType: "application/json", ifAbsent: false)
        }
    }

    @Test func stateObjectsGetTheNewestVersionByTheTimeInsideThem() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let job = "tm/state/jobs/daily.json"
        let older = #"{"job":"daily","finished_at":"2026-11-30T10:00:00.000Z","ok":false,"built":0,"unchanged":0,"empty":0,"failed":1,"consecutive_failures":1}"# + "\n"
        let newer = #"{"job":"daily","finished_at":"2026-11-30T11:00:00.000Z","ok":true,"built":2,"unchanged":0,"empty":0,"failed":0,"consecutive_failures":0}"# + "\n"
        try await Self.put(older, job, in: f, [0])
        try await Self.put(newer, job, in: f, [1])
        // A watermark only moves forward: eu's is the newest even though ap's was written last.
        let mark = "tm/watermarks/site=example.com/collector=c1.json"
        try await Self.put(#"{"collector":"c1","site":"example.com","watermark":"2026-11-30T12:00:00.000Z"}"# + "\n", mark, in: f, [0])
        try await Self.put(#"{"collector":"c1","site":"example.com","watermark":"2026-11-30T09:00:00.000Z"}"# + "\n", mark, in: f, [2])

        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.errors.isEmpty)
        #expect(report.copied == 2)  // ap's job record, us's watermark
        #expect(report.replaced == 2)  // eu's job record, ap's watermark
        for store in f.stores {
            #expect(try await store.get(job).bytes == Array(newer.utf8), "\(store.name)")
            #expect(String(decoding: try await store.get(mark).bytes, as: UTF8.self).contains("12:00:00"), "\(store.name)")
        }
        let again = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(again.copied == 0 && again.replaced == 0)
    }

    /// A state copy whose bytes fail its own SHA-256 (damaged on disk, sidecar
    /// intact) is bad bytes, not a version without a time: it is overwritten
    /// with the good copy, with or without other damage to the same key.
    @Test(arguments: [["ap"], ["us", "ap"]])
    func aStateCopyThatFailsItsChecksumIsReplaced(damaged: [String]) async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let mark = "tm/watermarks/site=example.com/collector=c1.json"
        let good = #"{"collector":"c1","site":"example.com","watermark":"2026-11-30T12:00:00.000Z"}"# + "\n"
        try await Self.put(good, mark, in: f, [0, 1, 2])
        for region in damaged {
            try Data("garbage{".utf8).write(to: URL(fileURLWithPath: f.dir.path + "/regions/\(region)/" + mark))
        }
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.replaced == damaged.count)
        #expect(report.copied == 0)
        for store in f.stores {
            #expect(try await store.get(mark).bytes == Array(good.utf8), "\(store.name)")
        }
    }

    @Test func aStateObjectWhoseEveryCopyFailsItsChecksumIsUnrecoverable() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let mark = "tm/watermarks/site=example.com/collector=c1.json"
        try await Self.put(#"{"collector":"c1","site":"example.com","watermark":"2026-11-30T12:00:00.000Z"}"# + "\n", mark, in: f, [0, 1])
        for region in ["eu", "us"] {
            try Data("garbage{".utf8).write(to: URL(fileURLWithPath: f.dir.path + "/regions/\(region)/" + mark))
        }
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.unrecoverable.contains(mark))
        await #expect(throws: (any Error).self) { _ = try await f.stores[2].get(mark) }
    }

    @Test func stateVersionsWithoutATimeAreLeftAloneAndReported() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let key = "tm/state/other.json"
        try await Self.put(#"{"value":1}"#, key, in: f, [0])
        try await Self.put(#"{"value":2}"#, key, in: f, [1])
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.errors.contains { $0.contains(key) })
        #expect(try await f.stores[0].get(key).bytes == Array(#"{"value":1}"#.utf8))
        #expect(try await f.stores[1].get(key).bytes == Array(#"{"value":2}"#.utf8))
        await #expect(throws: (any Error).self) { _ = try await f.stores[2].get(key) }
    }

    @Test func aReaderThatMetADamagedReplicaQueuesItForRepair() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 300, sites: ["example.com"]))
        let s = segs[0]
        // Same-size damage in a local region: no listing can see it.
        var other = s.bytes
        other[other.count / 3] ^= 0x01
        try Data(other).write(to: URL(fileURLWithPath: f.dir.path + "/regions/eu/" + s.key.key))
        let quiet = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(quiet.replaced == 0)
        // A report build reads around it and leaves a hint in every region.
        let built = await f.runner.run([JobRunnerTests.daily], formats: [.json], force: false) { _ in }
        #expect(built.map(\.status) == [.built])
        #expect(try await f.stores[1].list(prefix: "tm/state/repair-hints/").count == 1)
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.replaced == 1)
        #expect(try await f.stores[0].get(s.key.key).bytes == s.bytes)
        for store in f.stores { #expect(try await store.list(prefix: "tm/state/repair-hints/").isEmpty) }
    }

    /// A hint no region can decode is reported, naming its key, and kept for
    /// a person to look at; it is never silently taken as "nothing hinted".
    @Test func anUndecodableRepairHintIsReportedNotDropped() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let hint = BucketLayout(prefix: "tm").repairHint(name: String(repeating: "0", count: 32))
        try await Self.put("{\"key\":42}", hint, in: f, [0, 1, 2])
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.errors.contains { $0.contains(hint) && $0.contains("key") }, "\(report.errors)")
        for store in f.stores { #expect(try await store.list(prefix: "tm/state/repair-hints/").map(\.key) == [hint]) }
    }

    @Test func truncatedCopyIsFoundWithoutDeepFromTheListing() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 100, sites: ["a.example"]))
        let s = segs[0]
        try Data(s.bytes.prefix(10)).write(to: URL(fileURLWithPath: f.dir.path + "/regions/eu/" + s.key.key))
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.replaced == 1)
        #expect(try await f.stores[0].get(s.key.key).bytes == s.bytes)
    }

    @Test func neverOverwritesWithBadBytesAndNamesUnrecoverableKeys() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 100, sites: ["a.example"]), to: [0])
        let s = segs[0]
        try Data([9, 9, 9]).write(to: URL(fileURLWithPath: f.dir.path + "/regions/eu/" + s.key.key))
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.unrecoverable.contains(s.key.key))
        // The (bad) only copy is left in place, and no region got it.
        #expect(try await f.stores[0].get(s.key.key).bytes == [9, 9, 9])
        await #expect(throws: StoreError.self) { _ = try await f.stores[1].get(s.key.key) }
    }

    @Test func downRegionIsReportedAndOthersRepaired() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 200, sites: ["a.example"]), to: [0])
        f.stores[1].isDown = true
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: nil, toDay: nil)
        #expect(report.unreachable == ["us"])
        #expect(report.copied == segs.count)
        #expect(try await f.stores[2].list(prefix: "tm/events/").count == segs.count)
    }

    @Test func dateRangeLimitsTheWork() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 50, sites: ["a.example"], day: "2026-11-25"), to: [0])
        try await f.add(TestEvents.lines(count: 50, sites: ["a.example"], day: "2026-11-26"), to: [0])
        let day = JobRunnerTests.day
        let report = await Repairer(prefix: "tm", regions: f.regions).run(fromDay: day, toDay: day)
        // State objects carry no date: they are examined whatever the range.
        #expect(report.partitions.map(\.partition) == ["events/site=a.example/date=2026-11-26", "state", "watermarks"])
        #expect(try await f.stores[1].list(prefix: "tm/events/site=a.example/date=2026-11-25/").isEmpty)
        #expect(try await !f.stores[1].list(prefix: "tm/events/site=a.example/date=2026-11-26/").isEmpty)
    }
}
