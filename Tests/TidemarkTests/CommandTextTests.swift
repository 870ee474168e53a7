import Foundation
import Testing
import TidemarkJobs

/// What the binary says about itself (`--help`) and about an address it
/// cannot listen on: true to the behaviour, in plain words.
@Suite("Command texts")
struct CommandTextTests {
    @Test func backfillHelpListsEveryBuiltInReportJob() async throws {
        let dir = try TempDir("help")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(["backfill", "--help"], in: dir.path)
        #expect(r.status == 0)
        let help = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let names = JobCatalog.builtIn.filter { $0.kind.reportKind != nil }.map(\.name)
        #expect(names.count >= 4)
        #expect(help.contains(names.joined(separator: ", ") + " (built in)"), "\(help)")
    }

    /// (subcommand, text its help must hold)
    @Test(arguments: [
        ("ingest", "Import NDJSON events or web-server access logs"),
        ("serve", "serve: {token_env: TM_SERVE_TOKEN}"),
        ("serve", "--config tidemark.yml --listen 0.0.0.0:8787"),
        ("report", "log.format in the configuration"),
        ("run", "log.level in the configuration"),
    ])
    func helpSays(_ command: String, _ text: String) async throws {
        let dir = try TempDir("help")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run([command, "--help"], in: dir.path)
        #expect(r.status == 0)
        let help = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains(text), "\(help)")
    }

    /// Numeric options whose value means nothing (zero or negative counts,
    /// negative durations): one `Error:` line naming the option and value,
    /// exit status 1 (SPEC §5), before anything runs; a negative number is
    /// read as the option's value, not as an unknown option.
    @Test(arguments: [
        (["status", "--days", "0"], "--days 0: must be a positive number (at most 366)"),
        (["status", "--days", "-1"], "--days -1: must be a positive number (at most 366)"),
        (["status", "--days", "100000"], "--days 100000: must be a positive number (at most 366)"),
        (["status", "--failed-runs", "0"], "--failed-runs 0: must be a positive number"),
        (["status", "--queue-after", "-5m"], "--queue-after -5m: expected a duration of 0 or more"),
        (["status", "--unreachable-after", "soon"], "--unreachable-after soon: expected a duration of 0 or more"),
        (["demo", "--events", "-5"], "--events -5: must be a positive number (at most 50000000)"),
        (["demo", "--events", "0"], "--events 0: must be a positive number (at most 50000000)"),
        (["ingest", "--retries", "0", "x.ndjson"], "--retries 0: must be a positive number"),
        (["ingest", "--max-errors", "-1", "x.ndjson"], "--max-errors -1: must be 0 or more"),
        (["flush", "--retries", "-2"], "--retries -2: must be a positive number"),
        (["repair", "--max-copies", "0"], "--max-copies 0: must be a positive number"),
        (["run", "--shard", "-1/2"], "--shard -1/2: expected K/N with 1 ≤ K ≤ N"),
        (["backfill", "--job", "daily", "--from", "2026-11-01", "--to", "2026-11-01", "--shard", "0/2"],
         "--shard 0/2: expected K/N with 1 ≤ K ≤ N"),
    ])
    func meaninglessNumbersAreRefused(_ args: [String], _ says: String) async throws {
        let dir = try TempDir("numbers")
        defer { dir.cleanup() }
        let r = try await BinaryRunner.run(args, in: dir.path)
        #expect(r.status == 1, "\(args): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(args): \(r.stderr)")
        #expect(lines.first?.hasPrefix("Error: " + says) == true, "\(args): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(args): \(r.stdout)")
        if args.first == "demo" || args.first == "status" {
            // Refused while parsing: nothing was created.
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/tidemark-data"), "\(args)")
        }
    }

    @Test(arguments: ["collect", "serve"])
    func anAddressInUseIsSaidPlainly(_ command: String) async throws {
        let dir = try TempDir("inuse")
        defer { dir.cleanup() }
        let taken = try S3CancellationTests.SilentServer()
        defer { taken.close() }
        let address = "127.0.0.1:\(taken.port)"
        let r = try await BinaryRunner.run([command, "--listen", address], in: dir.path)
        #expect(r.status == 1)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last == "Error: \(command): cannot listen on \(address): address already in use", "\(r.stderr)")
    }
}
