import ArgumentParser
import Logging
import TidemarkCore
import TidemarkLog

/// `--log-format` and `--log-level`, taken by every subcommand; the
/// environment (`TIDEMARK_LOG_FORMAT`, `TIDEMARK_LOG_LEVEL`) gives the
/// defaults, for service managers (docs/LOGGING.md).
struct LogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Log lines on stderr: logfmt or json (default: $TIDEMARK_LOG_FORMAT, else log.format in the configuration, else logfmt).", valueName: "format"))
    var logFormat: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Lowest level logged: trace, debug, info, notice, warning, error or critical (default: $TIDEMARK_LOG_LEVEL, else log.level in the configuration, else info).",
            valueName: "level"))
    var logLevel: String?

    /// Refuses an unknown `--log-format` or `--log-level` while parsing.
    func validate() throws {
        _ = try resolved(environment: [:])
    }

    /// The format and level in force: the option, else the environment,
    /// else the configuration's `log:` (read only when needed: `file` gives
    /// it and the file's name, or nil), else logfmt at info.
    func resolved(
        environment: [String: String], file: () throws -> (log: LogConfiguration, path: String)? = { nil }
    ) throws -> (LogFormat, Logger.Level) {
        var loaded: (log: LogConfiguration, path: String)??
        /// The text to use and where it came from, for the error message.
        func choice(_ option: String?, _ name: String, _ variable: String, _ key: KeyPath<LogConfiguration, String?>)
            throws -> (text: String, source: String)?
        {
            if let option { return (option, "--" + name) }
            if let value = environment[variable], !value.isEmpty { return (value, "$" + variable) }
            if loaded == nil { loaded = .some(try file()) }
            if let found = loaded ?? nil, let value = found.log[keyPath: key] {
                return (value, "configuration \(found.path): log.\(name.dropFirst(4))")
            }
            return nil
        }
        var format = LogFormat.logfmt
        if let c = try choice(logFormat, "log-format", "TIDEMARK_LOG_FORMAT", \.format) {
            guard let f = LogFormat(rawValue: c.text.lowercased()) else {
                throw CLIError("\(c.source) \(c.text): expected logfmt or json")
            }
            format = f
        }
        var level = Logger.Level.info
        if let c = try choice(logLevel, "log-level", "TIDEMARK_LOG_LEVEL", \.level) {
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
    /// The `log:` settings of the configuration the command will use, and
    /// its file; nil for the embedded default or a command without one.
    func logConfiguration() throws -> (log: LogConfiguration, path: String)?
}

extension GlobalOptions {
    /// The `log:` settings of the configuration `--config` (or its defaults) names.
    func logConfiguration() throws -> (log: LogConfiguration, path: String)? {
        let loaded = try ConfigurationLoader.load(explicitPath: config)
        return loaded.path.map { (loaded.configuration.log, $0) }
    }
}
