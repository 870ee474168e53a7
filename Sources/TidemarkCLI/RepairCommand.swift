import ArgumentParser
import Foundation
import Logging
import TidemarkCore
import TidemarkLog
import TidemarkReplication

/// `tidemark repair`: make every region whole again.
struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Copy missing, corrupt or outdated segments, reports and state between regions until every region holds every object.",
        discussion: """
            Compares the regions partition by partition (site and date). An object a region \
            lacks is copied from a replica whose bytes match their SHA-256; a copy whose size or \
            ETag differs from the others is checked and, if bad, overwritten with a good one. \
            Every kind of report is covered, and so is state: job records and watermarks are made \
            the same everywhere, the newest version (by the time written inside it) winning. \
            Nothing is ever deleted. Safe to run beside collectors and report jobs, and again \
            after an interruption.

            Example: after region us came back with an empty disk
              tidemark repair
              tidemark repair --from 2026-11-01 --to 2026-11-30 --deep
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("First UTC date, inclusive (default: all).", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Last UTC date, inclusive (default: all).", valueName: "YYYY-MM-DD"))
    var to: String?

    @Flag(name: .long, help: "Download and verify every replica, not only those whose listings disagree.")
    var deep = false

    @Option(name: .long, parsing: .unconditional, help: "Stop after this many copies (1 or more); the next run carries on.")
    var maxCopies: Int = 100_000

    @Flag(name: .long, help: "Log every partition, including those already whole.")
    var verbose = false

    /// Refuses a copy budget below one.
    func validate() throws {
        try OptionChecks.positive(maxCopies, "max-copies")
    }

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let regions = RegionSet(try RegionFactory.stores(for: config))
        let fromDay = try from.map { try JobSupport.day($0, "--from") }
        let toDay = try to.map { try JobSupport.day($0, "--to") }
        let report = try await RepairPass.run(
            prefix: config.prefix, regions: regions, fromDay: fromDay, toDay: toDay, deep: deep, maxCopies: maxCopies,
            verbose: verbose)
        try RepairPass.check(report)
    }
}

/// The repair pass shared by `repair` and the `repair` job of `run`.
enum RepairPass {
    static func run(
        prefix: String, regions: RegionSet, fromDay: Int?, toDay: Int?, deep: Bool, maxCopies: Int, verbose: Bool
    ) async throws -> Repairer.Report {
        let repairer = Repairer(prefix: prefix, regions: regions, deep: deep, maxCopies: maxCopies)
        let logger = LogSystem.logger()
        let report = await repairer.run(fromDay: fromDay, toDay: toDay) { p in
            let trouble = !p.unrecoverable.isEmpty || !p.errors.isEmpty
            guard verbose || p.copied > 0 || p.replaced > 0 || trouble else { return }
            var metadata: Logger.Metadata = [
                "job": "repair", "partition": "\(p.partition)", "objects": .stringConvertible(p.objects),
                "copied": .stringConvertible(p.copied), "replaced": .stringConvertible(p.replaced),
            ]
            if let key = p.unrecoverable.first {
                metadata["unrecoverable"] = .stringConvertible(p.unrecoverable.count)
                metadata["key"] = "\(key)"
            }
            if let e = p.errors.first { metadata["error"] = "\(e)" }
            logger.log(level: trouble ? .error : .info, trouble ? "partition not fully repaired" : "partition checked", metadata: metadata)
        }
        var summary = "repair: \(report.partitions.count) partition(s) checked, \(report.copied) copied, \(report.replaced) replaced"
        if !report.unreachable.isEmpty { summary += "; unreachable: " + report.unreachable.joined(separator: ", ") }
        if report.truncated { summary += "; stopped at --max-copies, run again to continue" }
        say(summary)
        return report
    }

    static func check(_ report: Repairer.Report) throws {
        if let key = report.unrecoverable.first {
            throw CLIError("\(report.unrecoverable.count) object(s) have no good replica in any region, e.g. \(key)")
        }
        if let e = report.errors.first { throw CLIError("repair could not write every copy: \(e)") }
        if !report.unreachable.isEmpty {
            throw CLIError("regions not repaired because they did not answer: " + report.unreachable.joined(separator: ", "))
        }
    }
}

extension RepairCommand: LogOptionsCarrying {
    var logOptions: LogOptions { global.log }
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? { try global.logConfiguration() }
}
