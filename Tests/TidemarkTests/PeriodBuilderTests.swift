import Testing
import TidemarkCore
import TidemarkJobs
import TidemarkReplication
import TidemarkReports
import TidemarkStore

/// Wraps a store and answers "no such key" for daily partials, though its
/// listings still show them: a partial lost after its day was built.
private struct PartialHidingStore: ObjectStore {
    let inner: any ObjectStore
    var name: String { inner.name }
    func prepare() async throws { try await inner.prepare() }
    func put(_ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool) async throws -> PutOutcome {
        try await inner.put(key, bytes: bytes, sha256: sha256, contentType: contentType, ifAbsent: ifAbsent)
    }
    func get(_ key: String) async throws -> StoredObject {
        if key.hasSuffix("/partial.json.gz") {
            throw StoreError(.notFound, region: name, operation: "GET", key: key, detail: "no such key")
        }
        return try await inner.get(key)
    }
    func head(_ key: String) async throws -> ObjectInfo { try await inner.head(key) }
    func delete(_ key: String) async throws { try await inner.delete(key) }
    func listFolders(prefix: String) async throws -> [String] { try await inner.listFolders(prefix: prefix) }
    func list(prefix: String) async throws -> [ListedObject] { try await inner.list(prefix: prefix) }
}

/// Period builds (SPEC §4.3) with regions down: days without data are
/// empty days, a day with data never is.
@Suite("Period builder with regions down")
struct PeriodBuilderTests {
    static let site = "example.com"

    static func range(_ from: String, _ to: String) -> ReportWindow {
        let local = LocalDays(zone: .utc)
        return ReportWindow.period(
            .range, site: site, firstDay: Timestamp.parseDay(from) ?? -1, lastDay: Timestamp.parseDay(to) ?? -1,
            zone: .utc, dayStart: local.start(of:))
    }

    @Test func daysWithAndWithoutDataMergeWithOneRegionDown() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 200, sites: [Self.site], day: "2026-11-26"), to: [0, 1])
        f.stores[2].isDown = true
        let builder = PeriodBuilder(runner: f.runner, dailyFormats: [.json])
        let built = try await builder.build(Self.range("2026-11-24", "2026-11-28"))
        #expect(built.report.totals.pageviews > 0)
        #expect(built.manifest.partials.count == 1)
        #expect(built.days.map(\.status) == [.empty, .empty, .built, .empty, .empty])
        #expect(built.days[2].regionsBehind == ["ap"])
    }

    @Test func aDayWithDataWhosePartialNoRegionServesFailsTheBuild() async throws {
        let f = try JobRunnerTests.Fixture()
        defer { f.dir.cleanup() }
        try await f.add(TestEvents.lines(count: 200, sites: [Self.site], day: "2026-11-26"))
        let days = [ReportWindow.daily(site: Self.site, day: Timestamp.parseDay("2026-11-26") ?? -1)]
        #expect(await f.runner.run(days, formats: [.json], force: false) { _ in }.map(\.status) == [.built])
        let hiding = RegionSet(f.stores.map { PartialHidingStore(inner: $0) }, retryDownAfter: .zero)
        let runner = JobRunner(prefix: "tm", regions: hiding, localDir: nil)
        let error = await #expect(throws: JobsError.self) {
            _ = try await PeriodBuilder(runner: runner, dailyFormats: [.json]).build(Self.range("2026-11-25", "2026-11-27"))
        }
        #expect(error?.message.contains("day 2026-11-26 has data but no region holds its partial") == true, "\(String(describing: error))")
    }
}
