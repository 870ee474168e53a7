import Logging
import TidemarkCodec
import TidemarkCore
import TidemarkLog
import TidemarkReplication

/// The path every NDJSON import takes (`ingest`, `demo`): validate each line,
/// batch by site and hour, make segments durable in the spool, then drain the
/// hand-off queues to every region. Bad lines and notes about a file are
/// logged here; the summary is left to the caller.
enum IngestPipeline {
    /// What one import did.
    struct Outcome {
        /// Valid events taken and bad lines skipped.
        var stats = IngestStats()
        /// Keys of the segments sealed by this import.
        var sealedKeys: [String] = []
        /// Inputs that could not be read to the end, each with why
        /// (`nope.log: No such file or directory`).
        var unreadable: [String] = []
        /// Inputs whose access-log lines fit no recognised layout (or not the forced one).
        var refused: [String] = []
        /// What the drain to the regions did.
        var drain: DrainReport
        /// Sealed segments that reached no region (they wait in the spool).
        var undelivered: [String] {
            let delivered = drain.regions.reduce(into: Set<String>()) { $0.formUnion($1.deliveredKeys) }
            return sealedKeys.filter { !delivered.contains($0) }
        }
    }

    /// Imports `files` under `config`; bad lines are logged as warnings with
    /// `at=FILE:LINE`, at most `maxErrors` of them.
    static func run(
        files: [String], config: TidemarkConfiguration, retries: Int, maxErrors: Int,
        decoder: IngestLineDecoder = .schemaV1
    ) async throws -> Outcome {
        let stores = try RegionFactory.stores(for: config)
        let regions = RegionSet(stores)
        let spool = Spool(root: config.spool, regions: regions.names)
        let allowed = Set(config.sites)

        let batcher = SegmentBatcher(prefix: config.prefix)
        var stats = IngestStats()
        var sealedKeys: [String] = []
        var unreadable: [String] = []
        var refused: [String] = []
        let logger = LogSystem.logger()

        func store(_ segments: [SealedSegment]) throws {
            for s in segments {
                try spool.add(s)
                sealedKeys.append(s.key.key)
            }
        }

        // Lines of sites the configuration does not accept: one warning per site at the end.
        var foreignSites: [String: (lines: Int, first: String)] = [:]
        func foreign(_ site: String, _ file: String, _ number: Int) {
            stats.invalid += 1
            stats.foreign += 1
            if stats.firstInvalid.isEmpty {
                stats.firstInvalid = "\(file):\(number): site \"\(site)\" is not in the configured sites"
            }
            foreignSites[site, default: (0, "\(file):\(number)")].lines += 1
        }

        func handle(_ file: String, _ number: Int, _ decoded: IngestLineDecoder.Decoded, _ line: UnsafeRawBufferPointer) throws {
            switch decoded {
            case .blank:
                break
            case .skipped:
                stats.skipped += 1
            case .invalid(let why):
                stats.invalid += 1
                if stats.firstInvalid.isEmpty { stats.firstInvalid = "\(file):\(number): \(why)" }
                if stats.invalid <= maxErrors {
                    logger.warning("bad line skipped", metadata: ["at": "\(file):\(number)", "error": "\(why)"])
                }
            case .foreignSite(let site):
                foreign(site, file, number)
            case .event(let event, let encoded):
                if !allowed.isEmpty && !allowed.contains(event.site) {
                    foreign(event.site, file, number)
                    return
                }
                stats.events += 1
                if let encoded {
                    try encoded.withUnsafeBytes { try store(try batcher.add(line: $0, event: event)) }
                } else {
                    try store(try batcher.add(line: line, event: event))
                }
            }
        }

        for file in files {
            var reader = IngestFileDecoder(file: file, decoder: decoder)
            let sink: IngestFileDecoder.Sink = { try handle(file, $0, $1, $2) }
            do {
                try InputReader.forEachLine(of: file) { number, line in try reader.read(number: number, line: line, sink) }
            } catch let error as CLIError {
                // Not logged: the caller's final error names it, with what was read of it.
                unreadable.append(error.description)
            }
            // Lines held back to decide the layout are taken even when the file stopped early.
            for note in try reader.finish(sink) {
                logger.log(level: note.level, "\(note.text)", metadata: ["file": "\(file)"])
            }
            if reader.refused { refused.append(file) }
        }
        try store(try batcher.finish())
        let shown = stats.invalid - stats.foreign
        if shown > maxErrors {
            logger.warning("more bad lines skipped, not shown", metadata: ["lines": .stringConvertible(shown - maxErrors)])
        }
        let configured = config.sites.joined(separator: ", ")
        for (site, seen) in foreignSites.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                "lines of a site not in the configured sites skipped",
                metadata: [
                    "site": "\(site)", "lines": .stringConvertible(seen.lines), "first": "\(seen.first)",
                    "configured": "\(configured)",
                ])
        }

        let report = try await HandoffDrainer(spool: spool, regions: regions, policy: RetryPolicy(maxAttempts: retries))
            .drain()
        return Outcome(stats: stats, sealedKeys: sealedKeys, unreadable: unreadable, refused: refused, drain: report)
    }
}
