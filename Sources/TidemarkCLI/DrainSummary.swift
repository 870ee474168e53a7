import TidemarkReplication

/// Says what a drain did on stdout (the command's result), one line per region.
enum DrainSummary {
    static func show(_ report: DrainReport) {
        for r in report.regions {
            var line = "region \(r.region): \(r.delivered) segment(s) uploaded"
            if r.remaining > 0 {
                line += ", \(r.remaining) queued"
                if let e = r.lastError { line += " (last error: \(e))" }
            }
            say(line)
        }
    }
}
