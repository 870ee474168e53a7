import ArgumentParser
import Foundation
import Logging
import TidemarkCore
import TidemarkJobs
import TidemarkLog
import TidemarkReports
import TidemarkStore

/// `tidemark report`: a period report for any range of local days (SPEC §4.3, §5).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print or write the report of any range of local days, merged from the stored daily partials.",
        discussion: """
            Days whose daily report is missing or out of date are built first (progress on stderr). \
            Without --out the report goes to standard output: for --format json exactly the bytes \
            a stored report.json would have. With --out each site's files go to \
            DIR/range/site=S/from=D/to=D/.

            Example: November for one site:
              tidemark report --site example.com --from 2026-11-01 --to 2026-11-30
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Site (repeatable); default every site.")
    var site: [String] = []

    @Option(name: .long, help: ArgumentHelp("First local date, inclusive.", valueName: "YYYY-MM-DD"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("Last local date, inclusive.", valueName: "YYYY-MM-DD"))
    var to: String

    @Option(name: .long, help: ArgumentHelp("json, csv or html (repeatable with --out).", valueName: "format"))
    var format: [String] = []

    @Option(name: .long, help: ArgumentHelp("Write the files under this folder instead of printing.", valueName: "DIR"))
    var out: String?

    @Flag(name: .long, help: "Log every day checked, including unchanged ones.")
    var verbose = false

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let fromDay = try JobSupport.day(from, "--from")
        let toDay = try JobSupport.day(to, "--to")
        guard fromDay <= toDay else { throw CLIError("--from \(from) is after --to \(to)") }
        var formats: [ReportFile] = []
        for text in format.isEmpty ? ["json"] : format {
            guard let f = ReportFile(rawValue: text), f.isFormat else {
                throw CLIError("--format \(text): expected json, csv or html")
            }
            if !formats.contains(f) { formats.append(f) }
        }
        if out == nil, formats.count > 1 { throw CLIError("--format may repeat only with --out") }
        for s in site where !Validation.isSiteID(s) {
            throw CLIError("--site \(s): not a site id ([a-z0-9][a-z0-9.-]{0,252})")
        }
        let runner = try JobSupport.runner(config)
        let daily = JobDefinition(name: "daily", kind: .daily, delaySeconds: 0, lookbackSeconds: 0)
        try JobSupport.requireConfigured(site, config)
        let sites = site.isEmpty ? try await runner.sites(job: daily, configured: config.sites) : site
        let periods = JobSupport.periodRunner(runner, config: config)
        for s in sites {
            let local = JobSupport.localDays(config)(s)
            let window = ReportWindow.period(
                .range, site: s, firstDay: fromDay, lastDay: toDay, zone: local.zone, dayStart: local.start(of:))
            let log = WindowLog(job: "daily", total: window.dayCount, verbose: verbose)
            let built: PeriodBuilder.Built
            do {
                built = try await periods.builder.build(window, onBytes: { log.bytesRead($0) }, onDay: { log.finished($0) })
            } catch {
                log.end()
                throw CLIError("report \(window.identity): \(error)")
            }
            log.end()
            let files = try await periods.files(built, formats: formats)
            if let out {
                let dir = out + "/" + window.identity
                for (file, bytes) in files {
                    do {
                        try DurableFiles.write(bytes, to: dir + "/" + file.fileName)
                    } catch {
                        throw CLIError("cannot write \(dir)/\(file.fileName): \(error)")
                    }
                }
                LogSystem.logger().info("wrote the report", metadata: ["site": "\(s)", "dir": "\(dir)/"])
            } else {
                for (_, bytes) in files { FileHandle.standardOutput.write(Data(bytes)) }
            }
        }
    }
}

extension ReportCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
