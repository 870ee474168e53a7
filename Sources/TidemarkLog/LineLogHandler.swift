import Foundation
import Logging

/// Tidemark's one `LogHandler`: every record of the CLI, the collector, the
/// job runner and the libraries they host (Hummingbird, service-lifecycle)
/// becomes one line in `format` (see `LogLine`), handed to `sink` whole.
package struct LineLogHandler: LogHandler {
    /// Records below this level are dropped (swift-log checks before calling `log`).
    package var logLevel: Logger.Level
    /// Metadata attached to this logger (`logger[metadataKey:]`).
    package var metadata: Logger.Metadata = [:]
    /// Metadata from the task context, merged under the logger's and the record's.
    package var metadataProvider: Logger.MetadataProvider?

    private let format: LogFormat
    private let sink: @Sendable (String) -> Void
    private let nowMillis: @Sendable () -> Int64

    /// - Parameters:
    ///   - sink: gets each line with its newline; `StandardErrorLines.write` in the CLI.
    ///   - nowMillis: the record's time, epoch milliseconds (passed in for tests).
    package init(
        format: LogFormat, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping @Sendable (String) -> Void = StandardErrorLines.write,
        nowMillis: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
    ) {
        self.format = format
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.sink = sink
        self.nowMillis = nowMillis
    }

    /// Looks up or sets one metadata value of this logger.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one record (record metadata wins over the logger's, which wins over the provider's).
    package func log(event: LogEvent) {
        var merged = metadataProvider?.get() ?? [:]
        merged.merge(metadata) { _, new in new }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        sink(
            LogLine.render(
                format: format, timestampMillis: nowMillis(), level: event.level, message: "\(event.message)",
                metadata: merged) + "\n")
    }
}
