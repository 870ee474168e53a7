import ArgumentParser
import Foundation
import TidemarkLog

/// The `tidemark` executable's root command.
package struct TidemarkCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "tidemark",
        abstract: "Web-traffic analytics that keeps working when whole regions go down.",
        discussion: """
            Events are spooled locally, sealed into gzip NDJSON segments and written to every \
            configured region. With no configuration, three local-directory regions live under \
            ./tidemark-data.
            """,
        version: TidemarkVersion.current,
        subcommands: [CollectCommand.self, IngestCommand.self, FlushCommand.self, RunCommand.self, BackfillCommand.self, ReportCommand.self, ServeCommand.self, RepairCommand.self, StatusCommand.self, DemoCommand.self]
    )

    package init() {}
}

/// The version `--version` prints.
package enum TidemarkVersion {
    /// Semantic version of this build.
    package static let current = "0.1.0"
}

extension TidemarkCommand {
    /// Parses the process arguments, installs the log handler (the one
    /// writer of log lines, docs/LOGGING.md) and runs the chosen subcommand;
    /// errors become one line on stderr and a non-zero exit status.
    package static func start() async {
        do {
            var command = try parseAsRoot()
            let carrier = command as? any LogOptionsCarrying
            let options = try carrier?.logOptions ?? LogOptions.parse([])
            let (format, level) = try options.resolved(environment: ProcessInfo.processInfo.environment) {
                try carrier?.logConfiguration()
            }
            LogSystem.bootstrap(format: format, level: level)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
