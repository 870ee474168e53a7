import ArgumentParser
import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkReplication

/// `tidemark ingest FILE…`: schema-v1 NDJSON into the spool and every region.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import NDJSON events (schema v1) into the spool and upload them to every region.",
        discussion: """
            Each line is validated; bad lines are reported as FILE:LINE and skipped. Events are
            grouped by site and UTC hour into gzip segments, made durable in the spool, then
            uploaded to all regions in parallel. A region that does not answer keeps the segments
            in its hand-off queue for `tidemark flush` or the next ingest.

            Files ending in .gz (or starting with gzip's magic bytes) are decompressed; `-` reads stdin.

            Example:
              tidemark ingest events-2026-11-26.ndjson.gz
              zcat export.ndjson.gz | tidemark ingest -
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Upload attempts per region before leaving segments queued.")
    var retries: Int = 2

    @Option(name: .long, help: "Show at most this many bad lines (the rest are counted).")
    var maxErrors: Int = 20

    @Argument(help: ArgumentHelp("NDJSON files, .gz files, or - for stdin.", valueName: "file"))
    var files: [String]

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let outcome = try await IngestPipeline.run(files: files, config: config, retries: retries, maxErrors: maxErrors)
        let stats = outcome.stats
        say(
            "ingested \(stats.events) events from \(files.count) input(s) into \(outcome.sealedKeys.count) segment(s)"
                + (stats.invalid > 0 ? "; \(stats.invalid) bad line(s) skipped" : ""))
        DrainSummary.print(outcome.drain)

        let undelivered = outcome.undelivered
        let unreadable = outcome.unreadable
        if !undelivered.isEmpty {
            // Spooled but in no region: durable here only. Say so and fail.
            throw CLIError(
                "\(undelivered.count) segment(s) reached no region and wait in the spool \(config.spool); run `tidemark flush` when a region is back")
        }
        if !unreadable.isEmpty {
            throw CLIError("could not read: " + unreadable.joined(separator: ", "))
        }
    }
}

struct IngestStats {
    var events = 0
    var invalid = 0
}
