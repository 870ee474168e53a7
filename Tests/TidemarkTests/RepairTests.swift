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
        #expect(report.partitions.map(\.partition) == ["events/site=a.example/date=2026-11-26"])
        #expect(try await f.stores[1].list(prefix: "tm/events/site=a.example/date=2026-11-25/").isEmpty)
        #expect(try await !f.stores[1].list(prefix: "tm/events/site=a.example/date=2026-11-26/").isEmpty)
    }
}
