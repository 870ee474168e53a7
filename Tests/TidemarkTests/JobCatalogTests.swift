import Foundation
import Testing
import TidemarkJobs

/// The built-in jobs (no `jobs:` folder configured) and the repository's
/// `Jobs/` folder say the same, so neither drifts from the other.
@Suite("Built-in jobs")
struct JobCatalogTests {
    @Test func builtInJobsEqualTheJobsFolder() throws {
        let folder = try JobCatalog.jobs(folder: JobsIntegrationTests.jobsDir)
        #expect(JobCatalog.builtIn == folder)
        #expect(try JobCatalog.jobs(folder: nil) == JobCatalog.builtIn)
        #expect(Set(JobCatalog.builtIn.map(\.name)).isSuperset(of: ["daily", "hourly", "repair"]))
    }

    @Test func aConfiguredFolderThatCannotBeReadIsAnError() {
        #expect(throws: (any Error).self) { try JobCatalog.jobs(folder: "/nonexistent/tidemark-jobs") }
    }

    @Test func backfillWorksInAnEmptyFolderWithoutConfiguration() async throws {
        let dir = try TempDir("nojobs")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(["backfill", "--job", "daily", "--from", "2026-03-10", "--to", "2026-03-10"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("daily: 0 built"), "\(r.stdout)")
        let unknown = try await BinaryRunner.run(["backfill", "--job", "nightly", "--from", "2026-03-10", "--to", "2026-03-10"], in: dir.path)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("built-in"), "\(unknown.stderr)")
    }
}
