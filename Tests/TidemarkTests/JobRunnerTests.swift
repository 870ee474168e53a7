import Foundation
import Testing
import TidemarkCodec
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
import TidemarkStore

@Suite("Job runner over local regions")
struct JobRunnerTests {
    struct Fixture {
        let dir: TempDir
        let stores: [FaultyStore]
        let regions: RegionSet
        let runner: JobRunner

        init() throws {
            let dir = try TempDir("jobs")
            self.dir = dir
            stores = ["eu", "us", "ap"].map { FaultyStore(FileStore(name: $0, root: dir.path + "/regions/" + $0)) }
            regions = RegionSet(stores, retryDownAfter: .zero)
            runner = JobRunner(prefix: "tm", regions: regions, localDir: dir.path + "/reports")
        }

        /// Seals `lines` into segments and writes them to the given regions.
        @discardableResult
        func add(_ lines: [String], to indices: [Int] = [0, 1, 2]) async throws -> [SealedSegment] {
            let batcher = SegmentBatcher(prefix: "tm")
            var sealed: [SealedSegment] = []
            for line in lines {
                guard case .event(let e) = EventParser.parse(line) else { continue }
                var l = line
                sealed += try l.withUTF8 { try batcher.add(line: UnsafeRawBufferPointer($0), event: e) }
            }
            sealed += try batcher.finish()
            for s in sealed {
                for i in indices {
                    _ = try await stores[i].put(s.key.key, bytes: s.bytes, sha256: s.sha256, contentType: "x", ifAbsent: true)
                }
            }
            return sealed
        }

        func reportBytes(_ window: ReportWindow, region: Int = 0, file: ReportFile = .json) async throws -> [UInt8] {
            try await stores[region].inner.get(window.key(prefix: "tm", file: file)).bytes
        }
    }

    static let day = Timestamp.parseDay("2026-11-26") ?? 0
    static let daily = ReportWindow.daily(site: "example.com", day: day)

    @Test func runRecordsReadBackAsWrittenAndOddOnesAreTolerantOrRefused() throws {
        let record = JobRunRecord(
            job: "daily", finishedMillis: 1_795_000_000_123, ok: false, built: 3, unchanged: 40, empty: 2, failed: 1,
            consecutiveFailures: 4, error: "region \"eu\": timeout\nafter 5 s in tm/events/")
        #expect(try JobRunRecord.decode(record.bytes, key: "k") == record)
        let stored = String(decoding: record.bytes, as: UTF8.self)
        #expect(stored.hasPrefix(#"{"built":3,"consecutive_failures":4,"empty":2,"error":"region \"eu\": timeout\nafter 5 s in tm/events/","#))
        #expect(stored.hasSuffix(#""finished_at":"2026-11-18T11:06:40.123Z","job":"daily","ok":false,"unchanged":40}"# + "\n"))
        // Counts that are missing or not integers read as 0; the rest must be there.
        let sparse = #"{"job":"hourly","finished_at":"2026-11-27T10:00:00.000Z","ok":true,"built":2.5}"#
        let read = try JobRunRecord.decode(Array(sparse.utf8), key: "k")
        #expect(read.job == "hourly" && read.ok && read.built == 0 && read.error == nil)
        for (bad, field) in [
            (#"{"job":"daily","finished_at":"2026-11-27T10:00:00.000Z"}"#, "ok"), (#"{"job":"daily","ok":true}"#, "finished_at"),
            (#"{"job":"daily","finished_at":"yesterday","ok":true}"#, "finished_at"),
            (#"{"job":7,"finished_at":"2026-11-27T10:00:00.000Z","ok":true}"#, "job"), (#"{"job":"daily""#, "the document"), ("", "the document"),
        ] {
            let error = #expect(throws: StateError.self, "\(bad)") {
                try JobRunRecord.decode(Array(bad.utf8), key: "tm/state/jobs/daily.json", region: "us")
            }
            // The error names the object, the region and the field.
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("tm/state/jobs/daily.json in region us"), "\(text)")
            #expect(text.contains(field), "\(text)")
        }
    }

    @Test func buildsOnceThenSkipsUnchangedInputsWithoutDownloadingSegments() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 2000, sites: ["example.com"]))
        let first = await f.runner.run([Self.daily], formats: [.json, .csv, .html], force: false) { _ in }
        #expect(first.map(\.status) == [.built])
        #expect(first[0].eventsRead == 2000)
        let json = try await f.reportBytes(Self.daily)
        for i in 1..<3 { #expect(try await f.reportBytes(Self.daily, region: i) == json) }
        #expect(FileManager.default.fileExists(atPath: f.dir.path + "/reports/daily/site=example.com/date=2026-11-26/report.html"))

        let before = f.stores.map { $0.operations.count }
        let second = await f.runner.run([Self.daily], formats: [.json, .csv, .html], force: false) { _ in }
        #expect(second.map(\.status) == [.unchanged])
        for (i, store) in f.stores.enumerated() {
            let newOps = store.operations.dropFirst(before[i])
            #expect(!newOps.contains { $0.hasPrefix("GET tm/events/") }, "an unchanged window downloaded segments")
            #expect(!newOps.contains { $0.hasPrefix("PUT") })
        }
    }

    @Test func forcedRebuildGivesIdenticalBytesAndRewritesNothing() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 1500, sites: ["example.com"]))
        _ = await f.runner.run([Self.daily], formats: [.json, .csv, .html], force: false) { _ in }
        let files = try await ReportFile.allCases.asyncMap { try await f.reportBytes(Self.daily, file: $0) }
        let before = f.stores.map { $0.operations.count }
        let forced = await f.runner.run([Self.daily], formats: [.json, .csv, .html], force: true) { _ in }
        #expect(forced.map(\.status) == [.built])
        #expect(forced[0].objectsWritten == 0)
        #expect(try await ReportFile.allCases.asyncMap { try await f.reportBytes(Self.daily, file: $0) } == files)
        for (i, store) in f.stores.enumerated() {
            #expect(!store.operations.dropFirst(before[i]).contains { $0.hasPrefix("PUT") })
        }
    }

    @Test func lateSegmentRebuildsItsWindows() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 500, seed: 1, sites: ["example.com"]))
        let hour = ReportWindow.hourly(site: "example.com", hour: UTCHour(day: Self.day, hour: 9))
        _ = await f.runner.run([Self.daily, hour], formats: [.json], force: false) { _ in }
        let old = try await f.reportBytes(Self.daily)
        // A late event for 09:xx arrives in a new segment.
        let late = TestEvents.lines(count: 40, seed: 77, sites: ["example.com"]).filter { $0.contains("T09:") }
        #expect(!late.isEmpty)
        try await f.add(late)
        let again = await f.runner.run([Self.daily, hour], formats: [.json], force: false) { _ in }
        #expect(again.map(\.status) == [.built, .built])
        #expect(again[0].eventsRead == 500 + late.count)
        #expect(try await f.reportBytes(Self.daily) != old)
    }

    @Test func buildsFromTheSurvivorWhenTwoRegionsAreDown() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 800, sites: ["example.com"]))
        let clean = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        let expected = try await f.reportBytes(Self.daily)
        #expect(clean.map(\.status) == [.built])
        // Wipe the reports, take two regions down, build again from the third.
        for i in 0..<3 { try await f.stores[i].inner.delete(Self.daily.key(prefix: "tm", file: .manifest)) }
        f.stores[0].isDown = true
        f.stores[1].isDown = true
        let degraded = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        #expect(degraded.map(\.status) == [.built])
        #expect(degraded[0].regionsBehind == ["eu", "us"])
        #expect(try await f.reportBytes(Self.daily, region: 2) == expected)
        // Back up: the next run notices eu and us lack the manifest and fills them in.
        f.stores[0].isDown = false
        f.stores[1].isDown = false
        let healed = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        #expect(healed.map(\.status) == [.built])
        #expect(try await f.stores[0].inner.head(Self.daily.key(prefix: "tm", file: .manifest)).size > 0)
    }

    @Test func failsNamingTheSegmentWhenNoReplicaIsGood() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 300, sites: ["example.com"]))
        let victim = try #require(segs.first)
        for region in ["eu", "us", "ap"] {
            let path = f.dir.path + "/regions/\(region)/" + victim.key.key
            try Data(victim.bytes.prefix(victim.bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        }
        let results = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        #expect(results.map(\.status) == [.failed])
        #expect(results[0].error?.contains(victim.key.key) == true)
        #expect(results[0].error?.contains("daily/site=example.com/date=2026-11-26") == true)
        // Nothing was written for the window.
        await #expect(throws: StoreError.self) { _ = try await f.stores[0].inner.head(Self.daily.key(prefix: "tm", file: .json)) }
    }

    @Test func readsAroundACorruptReplicaAndTruncatedGzip() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let segs = try await f.add(TestEvents.lines(count: 600, sites: ["example.com"]))
        let reference = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        #expect(reference.map(\.status) == [.built])
        let expected = try await f.reportBytes(Self.daily)
        let a = try #require(segs.first)
        let b = try #require(segs.last)
        // eu: other bytes under a's key; us: b truncated with a matching checksum sidecar.
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: f.dir.path + "/regions/eu/" + a.key.key))
        let cut = Array(b.bytes.prefix(b.bytes.count - 10))
        _ = try await f.stores[1].inner.put(b.key.key, bytes: cut, sha256: Checksum.sha256Hex(cut), contentType: "x", ifAbsent: false)
        let rebuilt = await f.runner.run([Self.daily], formats: [.json], force: true) { _ in }
        #expect(rebuilt.map(\.status) == [.built])
        #expect(try await f.reportBytes(Self.daily, region: 2) == expected)
    }

    @Test func invalidLinesInAVerifiedSegmentAreCounted() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        var lines = TestEvents.lines(count: 50, sites: ["example.com"]).filter { $0.contains("T08:") }
        lines.insert("{\"garbage\": true}", at: 1)
        let text = lines.joined(separator: "\n") + "\n\n"
        let gz = try GzipDeflater.compress(Array(text.utf8))
        let sha = Checksum.sha256Hex(gz)
        let key = "tm/events/site=example.com/date=2026-11-26/hour=08/manual-\(sha.prefix(16)).ndjson.gz"
        for s in f.stores { _ = try await s.put(key, bytes: gz, sha256: sha, contentType: "x", ifAbsent: true) }
        let r = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        #expect(r.map(\.status) == [.built])
        let json = String(decoding: try await f.reportBytes(Self.daily), as: UTF8.self)
        #expect(json.contains("\"invalid_lines\": 1"))
        #expect(json.contains("\"events_read\": \(lines.count - 1)"))
    }

    @Test func emptyWindowsAreNotWritten() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        let r = await f.runner.run([Self.daily], formats: [.json], force: false) { _ in }
        #expect(r.map(\.status) == [.empty])
    }

    @Test func sitesAreFoundInTheRegions() async throws {
        let f = try Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 20, sites: ["b.example", "a.example"]))
        let job = JobDefinition(name: "daily", kind: .daily, delaySeconds: 0, lookbackSeconds: 86_400)
        #expect(try await f.runner.sites(job: job, configured: []) == ["a.example", "b.example"])
        #expect(try await f.runner.sites(job: job, configured: ["x.example"]) == ["x.example"])
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
