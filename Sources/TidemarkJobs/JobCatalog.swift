import Foundation
import TidemarkReports
import Yams

/// The jobs `run` and `backfill` know: the built-in ones, or, when the
/// configuration names a folder (`jobs:`), the definitions in it
/// (`Jobs/*.yml`, Jobs/README.md).
package enum JobCatalog {
    /// The jobs of a deployment without a jobs folder, sorted by name; the
    /// same as the files in the repository's `Jobs/` folder. A new kind of
    /// job is one line here.
    package static let builtIn: [JobDefinition] = [
        JobDefinition(name: "daily", kind: .daily, delaySeconds: 7_200, lookbackSeconds: 7 * 86_400),
        JobDefinition(name: "hourly", kind: .hourly, delaySeconds: 600, lookbackSeconds: 2 * 86_400),
        JobDefinition(name: "repair", kind: .repair, delaySeconds: 7_200, lookbackSeconds: 3 * 86_400),
        JobDefinition(name: "weekly", kind: .weekly, delaySeconds: 7_200, lookbackSeconds: 21 * 86_400),
        JobDefinition(name: "monthly", kind: .monthly, delaySeconds: 7_200, lookbackSeconds: 62 * 86_400),
    ].sorted { $0.name < $1.name }

    /// The jobs of `folder`, or the built-in ones when it is nil.
    package static func jobs(folder: String?) throws -> [JobDefinition] {
        guard let folder else { return builtIn }
        return try load(directory: folder)
    }

    private struct File: Decodable {
        var name: String?
        var report: String?
        var kind: String?
        var sites: [String]?
        var delay: String?
        var lookback: String?
        var formats: [String]?
    }

    /// Every `*.yml` job in `directory`, sorted by name.
    package static func load(directory: String) throws -> [JobDefinition] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw JobsError("jobs folder \(directory) (`jobs:` in the configuration) cannot be read")
        }
        return try names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map {
            try load(file: directory + "/" + $0)
        }.sorted { $0.name < $1.name }
    }

    /// One job file.
    package static func load(file path: String) throws -> JobDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JobsError("job \(path): cannot read the file")
        }
        let f: File
        do {
            f = try YAMLDecoder().decode(File.self, from: data)
        } catch {
            throw JobsError("job \(path): not a valid job definition: \(error)")
        }
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = f.name ?? base
        guard let kindText = f.report ?? f.kind, let kind = JobKind(rawValue: kindText) else {
            throw JobsError("job \(path): `report:` must be daily, hourly, weekly, monthly or repair")
        }
        let defaultDelay: Int64 = kind == .hourly ? 600 : kind == .daily ? 3600 : 7200
        let defaultLookback: Int64
        switch kind {
        case .hourly: defaultLookback = 2 * 86_400
        case .weekly: defaultLookback = 21 * 86_400
        case .monthly: defaultLookback = 62 * 86_400
        default: defaultLookback = 7 * 86_400
        }
        guard let delay = f.delay.map(DurationText.seconds) ?? defaultDelay else {
            throw JobsError("job \(path): `delay: \(f.delay ?? "")` is not a duration like 10m, 2h or 7d")
        }
        guard let lookback = f.lookback.map(DurationText.seconds) ?? defaultLookback else {
            throw JobsError("job \(path): `lookback: \(f.lookback ?? "")` is not a duration like 10m, 2h or 7d")
        }
        var formats: [ReportFile] = []
        for text in f.formats ?? ["json", "csv", "html"] {
            guard let file = ReportFile(rawValue: text), file.isFormat else {
                throw JobsError("job \(path): format \(text) is not one of json, csv, html")
            }
            formats.append(file)
        }
        return JobDefinition(
            name: name, kind: kind, sites: f.sites, delaySeconds: delay, lookbackSeconds: lookback, formats: formats)
    }
}
