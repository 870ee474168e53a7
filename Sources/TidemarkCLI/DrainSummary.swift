import TidemarkReplication

/// Says what a drain did on stdout (the command's result), one line per region.
enum DrainSummary {
    /// Prints one line per region; with `onlyActive` (a run that failed
    /// before it sealed anything) only regions that uploaded or still queue
    /// segments, so a failure is not followed by "0 segment(s) uploaded" lines.
    static func show(_ report: DrainReport, onlyActive: Bool = false) {
        for r in report.regions where !onlyActive || r.delivered > 0 || r.remaining > 0 {
            var line = "region \(r.region): \(r.delivered) segment(s) uploaded"
            if r.remaining > 0 {
                line += ", \(r.remaining) queued"
                if let e = r.lastError { line += " (last error: \(e))" }
            }
            say(line)
        }
    }
}
