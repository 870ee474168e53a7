import Foundation
import Logging
import Synchronization
import TidemarkCore
import TidemarkJobs
import TidemarkLog
import TidemarkReports

#if canImport(Glibc)
import Glibc
#endif

/// Reports report-window progress: a live line on a terminal (a TTY UI,
/// not a log record), and one log record per window otherwise (cron mail,
/// journald, Vector) with the keys `job`, `window`, `site`, `status`,
/// `segments`, `events`, `bytes`, `written`, `seconds`, `regions_behind`
/// and `error` (docs/LOGGING.md).
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
    private let logger: Logger
    private let state = Mutex(State())

    /// `verbose` logs unchanged and empty windows too; by default only windows
    /// that were built or failed get a record, so a cron log stays readable.
    init(job: String, total: Int, verbose: Bool, logger: Logger = LogSystem.logger()) {
        self.job = job
        self.total = total
        self.verbose = verbose
        self.logger = logger
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
            if r.status == .failed || r.warning != nil {
                StandardErrorLines.write("\r\u{1B}[K")
                record(r)
            }
            draw(snapshot)
            return
        }
        guard verbose || r.status == .built || r.status == .failed || r.warning != nil else { return }
        record(r)
    }

    func end() {
        if interactive { StandardErrorLines.write("\n") }
    }

    /// One window's record: info; warning when its stored manifest could not
    /// be read (it was rebuilt); error when it failed.
    private func record(_ r: JobRunner.WindowResult) {
        var metadata: Logger.Metadata = [
            "job": "\(job)", "window": "\(r.window.identity)", "site": "\(r.window.site)",
            "status": "\(r.status.rawValue)", "segments": .stringConvertible(r.segments),
            "events": .stringConvertible(r.eventsRead), "bytes": .stringConvertible(r.bytesRead),
            "written": .stringConvertible(r.objectsWritten),
            "seconds": .stringConvertible((r.seconds * 1000).rounded() / 1000),
        ]
        if !r.regionsBehind.isEmpty { metadata["regions_behind"] = "\(r.regionsBehind.joined(separator: ","))" }
        if let e = r.error ?? r.warning { metadata["error"] = "\(e)" }
        let level: Logger.Level = r.status == .failed ? .error : r.warning != nil ? .warning : .info
        logger.log(level: level, "window \(r.status.rawValue)", metadata: metadata)
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
        StandardErrorLines.write("\r\u{1B}[K\(job): \(s.done)/\(total) windows · \(mb) MB read · ETA \(eta)")
    }
}
