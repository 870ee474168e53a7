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
