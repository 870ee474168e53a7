import Foundation
import Testing
import TidemarkTesting

/// The scheduler examples in docs/deploy/ run the real CLI: their command
/// line, for every index the scheduler hands out, parses and plans with
/// `--dry-run`, and the shards split the unsharded run's windows exactly.
@Suite("Deploy examples")
struct DeployExampleTests {
    /// One example: its file, the variable carrying the index, and how the
    /// command line and N are spelled in it.
    struct Example: Sendable, CustomStringConvertible {
        var file: String
        var indexVariable: String
        var description: String { file }

        /// The shell command and N, read from the file.
        func command() throws -> (line: String, count: Int) {
            let text = try String(
                contentsOf: try TestDirectories.packageRoot().appendingPathComponent("docs/deploy/" + file), encoding: .utf8)
            var line: String?
            var count: Int?
            for raw in text.split(separator: "\n") {
                let l = raw.trimmingCharacters(in: .whitespaces)
                if l.hasPrefix("- exec tidemark ") { line = String(l.dropFirst(2)) }
                if l.hasPrefix("args"), let start = l.range(of: "\"exec tidemark ") {
                    // The HCL string after "-c": unescape its quotes.
                    let rest = l[start.lowerBound...].dropFirst()
                    line = String(rest.dropLast(2)).replacingOccurrences(of: "\\\"", with: "\"")
                }
                for key in ["completions:", "count ="] where l.hasPrefix(key) {
                    count = Int(l.dropFirst(key.count).split(separator: "#")[0].trimmingCharacters(in: .whitespaces))
                }
            }
            guard let line, let count else { throw CollectorTestError("\(file): no tidemark command line or N found") }
            return (line, count)
        }
    }

    static let examples = [
        Example(file: "kubernetes-cronjob.yaml", indexVariable: "JOB_COMPLETION_INDEX"),
        Example(file: "nomad-periodic.nomad.hcl", indexVariable: "NOMAD_ALLOC_INDEX"),
    ]

    static let now = "2026-11-28T07:00:00Z"

    /// The `job=… window=…` lines of a dry run.
    static func windows(_ result: BinaryRunner.Result) -> [String] {
        result.stdout.split(separator: "\n").filter { $0.hasPrefix("job=") }.map(String.init)
    }

    @Test(arguments: examples)
    func theCommandLineRunsForEveryIndexAndTheShardsSplitTheWork(_ example: Example) async throws {
        let (line, n) = try example.command()
        #expect(n == 3)
        #expect(line.contains("--shard"))
        let work = try TempDir("deploy")
        defer { work.cleanup() }
        try """
            prefix: tm
            sites: [example.com]
            spool: \(work.path)/spool
            regions:
              - {name: eu, endpoint: "file://\(work.path)/regions/eu"}
              - {name: us, endpoint: "file://\(work.path)/regions/us"}
            """.write(toFile: work.path + "/tidemark.yml", atomically: true, encoding: .utf8)
        let input = TestEvents.lines(count: 300, seed: 5, sites: ["example.com"])
        try (input.joined(separator: "\n") + "\n").write(toFile: work.path + "/ev.ndjson", atomically: true, encoding: .utf8)
        let config = ["TIDEMARK_CONFIG": work.path + "/tidemark.yml"]
        #expect(try await BinaryRunner.run(["ingest", "ev.ndjson"], in: work.path, environment: config).status == 0)

        let binary = try BinaryRunner.executable()
        let path = URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":"
            + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let all = try await BinaryRunner.run(["run", "--dry-run", "--now", Self.now], in: work.path, environment: config)
        #expect(all.status == 0, "\(all.stderr)")
        let everything = Self.windows(all)
        #expect(!everything.isEmpty)
        var union: [String] = []
        for index in 0..<n {
            var env = config
            env["PATH"] = path
            env[example.indexVariable] = String(index)
            let shard = try await BinaryRunner.run(
                path: "/bin/sh", ["-c", line + " --dry-run --now " + Self.now], in: work.path, environment: env)
            #expect(shard.status == 0, "index \(index): \(shard.stderr)")
            #expect(shard.stdout.contains("in shard \(index + 1)/\(n)"), "index \(index): \(shard.stdout)")
            union += Self.windows(shard)
        }
        #expect(union.count == Set(union).count, "a window is built by two shards")
        #expect(Set(union) == Set(everything))
        // Nothing was built or written.
        #expect(!FileManager.default.fileExists(atPath: work.path + "/regions/eu/tm/reports"))
    }
}
