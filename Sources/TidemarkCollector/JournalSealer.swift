import TidemarkCodec
import TidemarkCore
import TidemarkReplication
import TidemarkStore

/// Turns closed journal files into spool segments, one file at a time.
///
/// A file's events are grouped by site and UTC hour with the deterministic
/// `SegmentBatcher`, so sealing the same file twice (a crash after the
/// segments were spooled but before the file was removed) gives the same
/// content-addressed keys and nothing is duplicated. The file is removed only
/// after every segment from it is durable and queued.
package struct JournalSealer: Sendable {
    /// Key prefix of the segments.
    package let prefix: String
    /// Where sealed segments go.
    package let spool: Spool

    package init(prefix: String, spool: Spool) {
        self.prefix = prefix
        self.spool = spool
    }

    /// What sealing one file did.
    package struct Outcome: Sendable {
        /// Segments spooled.
        package var segments = 0
        /// Events in them.
        package var events = 0
        /// Lines that were not events (a torn tail after a crash).
        package var skippedLines = 0
    }

    /// Seals `path` into the spool and removes it.
    package func seal(_ path: String) throws -> Outcome {
        var outcome = Outcome()
        guard let bytes = try DurableFiles.read(path) else { return outcome }
        let batcher = SegmentBatcher(prefix: prefix)
        var segments: [SealedSegment] = []
        try bytes.withUnsafeBytes { raw in
            var start = 0
            for i in 0..<raw.count where raw[i] == 0x0A {
                let line = UnsafeRawBufferPointer(rebasing: raw[start..<i])
                start = i + 1
                switch EventParser.parse(line) {
                case .event(let event):
                    outcome.events += 1
                    segments += try batcher.add(line: line, event: event)
                case .invalid:
                    outcome.skippedLines += 1
                case .blank:
                    break
                }
            }
            // Bytes after the last newline were never acknowledged (a torn write).
            if start < raw.count { outcome.skippedLines += 1 }
        }
        segments += try batcher.finish()
        for segment in segments {
            try spool.add(segment)
        }
        outcome.segments = segments.count
        try DurableFiles.remove(path)
        return outcome
    }
}
