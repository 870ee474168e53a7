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
        let loaded = try ConfigurationLoader.load(explicitPath: global.config)
        let config = loaded.configuration
        let stores = try RegionFactory.stores(for: config)
        let regions = RegionSet(stores)
        let spool = Spool(root: config.spool, regions: regions.names)
        let allowed = Set(config.sites)

        let batcher = SegmentBatcher(prefix: config.prefix)
        var stats = IngestStats()
        var sealedKeys: [String] = []
        var unreadable: [String] = []
        let stderr = StandardError()

        func store(_ segments: [SealedSegment]) throws {
            for s in segments {
                try spool.add(s)
                sealedKeys.append(s.key.key)
            }
        }

        for file in files {
            do {
                try InputReader.forEachLine(of: file) { number, line in
                    switch EventParser.parse(line) {
                    case .blank:
                        break
                    case .invalid(let why):
                        stats.invalid += 1
                        if stats.invalid <= maxErrors { stderr.write("\(file):\(number): \(why)") }
                    case .event(let event):
                        if !allowed.isEmpty && !allowed.contains(event.site) {
                            stats.invalid += 1
                            if stats.invalid <= maxErrors {
                                stderr.write("\(file):\(number): site \"\(event.site)\" is not in the configured sites")
                            }
                            return
                        }
                        stats.events += 1
                        try store(try batcher.add(line: line, event: event))
                    }
                }
            } catch let error as CLIError {
                stderr.write(error.description)
                unreadable.append(file)
            }
        }
        try store(try batcher.finish())
        if stats.invalid > maxErrors { stderr.write("… \(stats.invalid - maxErrors) more bad lines not shown") }

        let report = try await HandoffDrainer(spool: spool, regions: regions, policy: RetryPolicy(maxAttempts: retries))
            .drain()
        say(
            "ingested \(stats.events) events from \(files.count) input(s) into \(sealedKeys.count) segment(s)"
                + (stats.invalid > 0 ? "; \(stats.invalid) bad line(s) skipped" : ""))
        DrainSummary.print(report)

        let delivered = report.regions.reduce(into: Set<String>()) { $0.formUnion($1.deliveredKeys) }
        let undelivered = sealedKeys.filter { !delivered.contains($0) }
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
