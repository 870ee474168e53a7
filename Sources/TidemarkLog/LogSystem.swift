import Logging

/// Points swift-log at `LineLogHandler` for the whole process.
package enum LogSystem {
    /// The label of loggers Tidemark itself creates; Hummingbird and
    /// service-lifecycle get loggers with this label too (labels are not
    /// written: the keys say what a line is about).
    package static let label = "tidemark"

    /// Installs the handler; call once, before any logger is made (the CLI
    /// does it right after parsing the command line).
    package static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { _ in
            LineLogHandler(format: format, level: level)
        }
    }

    /// A logger on whatever backend is installed.
    package static func logger() -> Logger { Logger(label: label) }
}
