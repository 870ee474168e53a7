import Foundation
import TidemarkCore
import TidemarkReports

/// Finds and reads `Fixtures/reports/`, following symlinks, and rewrites
/// goldens when `TIDEMARK_RECORD=1`.
enum Fixtures {
    /// `Fixtures/reports` of the package that holds this file.
    static let root: URL? = {
        let here = URL(fileURLWithPath: #filePath)
        // Scratch packages link the test folder in, so try the real path too.
        for start in [here.resolvingSymlinksInPath(), here] {
            var dir = start.deletingLastPathComponent()
            while dir.path != "/" {
                let fixtures = dir.appendingPathComponent("Fixtures/reports")
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
                    FileManager.default.fileExists(atPath: fixtures.path)
                {
                    return fixtures
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// Whether goldens are being re-recorded.
    static var recording: Bool { ProcessInfo.processInfo.environment["TIDEMARK_RECORD"] == "1" }

    /// What a reader makes of a folder of NDJSON segment files, in file name order.
    struct Segments {
        var names: [String] = []
        var events: [[Event]] = []
        var counts = ReaderCounts(segments: 0, eventsRead: 0, invalidLines: 0)
    }

    /// Parses every `*.ndjson` in `folder` (file name order = key order).
    static func readSegments(_ folder: URL) throws -> Segments {
        var out = Segments()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".ndjson") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            var events: [Event] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                switch EventParser.parse(String(line)) {
                case .blank: break
                case .event(let e):
                    events.append(e)
                    out.counts.eventsRead += 1
                case .invalid: out.counts.invalidLines += 1
                }
            }
            out.names.append(name)
            out.events.append(events)
            out.counts.segments += 1
        }
        return out
    }
}
