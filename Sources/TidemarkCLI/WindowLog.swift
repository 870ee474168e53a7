import Foundation
import Synchronization
import TidemarkCore
import TidemarkJobs
import TidemarkReports

#if canImport(Glibc)
import Glibc
#endif

/// Reports report-window progress: a live line on a terminal, one logfmt
/// line per window otherwise (cron mail, journald, Vector).
final class WindowLog: Sendable {
    private struct State {
        var done = 0
        var bytes = 0
        var started = ContinuousClock.now
    }

    private let job: String
    private let total: Int
    private let interactive: Bool
    private let verbose: Bool
    private let lineToStandardError: Bool
    private let state = Mutex(State())

    /// `verbose` logs unchanged and empty windows too; by default only windows
    /// that were built or failed get a line, so a cron log stays readable.
    /// `lineToStandardError` sends the per-window lines to stderr, for commands
    /// whose stdout carries a report.
    init(job: String, total: Int, verbose: Bool, lineToStandardError: Bool = false) {
        self.job = job
        self.total = total
        self.verbose = verbose
        self.lineToStandardError = lineToStandardError
        interactive = isatty(STDERR_FILENO) == 1
    }

    func bytesRead(_ n: Int) {
        let snapshot = state.withLock { s -> State in
            s.bytes += n
            return s
        }
        if interactive { draw(snapshot) }
    }

    func finished(_ r: JobRunner.WindowResult) {
        let snapshot = state.withLock { s -> State in
            s.done += 1
            return s
        }
        if interactive {
            if r.status == .failed, let e = r.error { StandardError().write("\r\u{1B}[K" + e) }
            draw(snapshot)
            return
        }
        guard verbose || r.status == .built || r.status == .failed else { return }
        var line = "job=\(job) window=\(r.window.identity) status=\(r.status.rawValue) segments=\(r.segments)"
        line += " events=\(r.eventsRead) bytes=\(r.bytesRead) written=\(r.objectsWritten)"
        line += " seconds=" + String(format: "%.3f", r.seconds)
        if !r.regionsBehind.isEmpty { line += " regions_behind=" + r.regionsBehind.joined(separator: ",") }
        if let e = r.error { line += " error=" + JSONText.quoted(e) }
        // Written straight to the descriptor: a cron log gets each line as it happens.
        (lineToStandardError ? FileHandle.standardError : FileHandle.standardOutput).write(Data((line + "\n").utf8))
    }

    func end() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func draw(_ s: State) {
        let elapsed = ContinuousClock.now - s.started
        let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var eta = "--"
        if s.done > 0, s.done < total {
            let left = secs / Double(s.done) * Double(total - s.done)
            eta = String(format: "%d:%02d", Int(left) / 60, Int(left) % 60)
        } else if s.done == total {
            eta = "0:00"
        }
        let mb = String(format: "%.1f", Double(s.bytes) / 1_048_576)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(job): \(s.done)/\(total) windows · \(mb) MB read · ETA \(eta)".utf8))
    }
}
