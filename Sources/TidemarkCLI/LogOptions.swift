import ArgumentParser
import Logging
import TidemarkLog

/// `--log-format` and `--log-level`, taken by every subcommand; the
/// environment (`TIDEMARK_LOG_FORMAT`, `TIDEMARK_LOG_LEVEL`) gives the
/// defaults, for service managers (docs/LOGGING.md).
struct LogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Log lines on stderr: logfmt or json (default: $TIDEMARK_LOG_FORMAT, else logfmt).", valueName: "format"))
    var logFormat: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Lowest level logged: trace, debug, info, notice, warning, error or critical (default: $TIDEMARK_LOG_LEVEL, else info).",
            valueName: "level"))
    var logLevel: String?

    /// Refuses an unknown `--log-format` or `--log-level` while parsing.
    func validate() throws {
        _ = try resolved(environment: [:])
    }

    /// The format and level in force: the option, else the environment, else logfmt at info.
    func resolved(environment: [String: String]) throws -> (LogFormat, Logger.Level) {
        /// The text to use and where it came from, for the error message.
        func choice(_ option: String?, _ name: String, _ variable: String) -> (text: String, source: String)? {
            if let option { return (option, "--" + name) }
            if let value = environment[variable], !value.isEmpty { return (value, "$" + variable) }
            return nil
        }
        var format = LogFormat.logfmt
        if let c = choice(logFormat, "log-format", "TIDEMARK_LOG_FORMAT") {
            guard let f = LogFormat(rawValue: c.text.lowercased()) else {
                throw CLIError("\(c.source) \(c.text): expected logfmt or json")
            }
            format = f
        }
        var level = Logger.Level.info
        if let c = choice(logLevel, "log-level", "TIDEMARK_LOG_LEVEL") {
            guard let l = Logger.Level(rawValue: c.text.lowercased()) else {
                throw CLIError("\(c.source) \(c.text): expected trace, debug, info, notice, warning, error or critical")
            }
            level = l
        }
        return (format, level)
    }
}

/// A command whose log options the executable reads before running it.
protocol LogOptionsCarrying {
    /// The command's `--log-format` and `--log-level`.
    var logOptions: LogOptions { get }
}
