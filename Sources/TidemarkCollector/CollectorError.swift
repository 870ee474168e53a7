/// A collector failure that is not about one client's input: the journal,
/// the spool or the listener. Input problems are `IngestError`s.
package struct CollectorError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case journal
        case spool
        case configuration
        case stopped
    }

    private let code: Code
    /// The file or setting involved.
    package let subject: String
    /// What went wrong, one line.
    package let detail: String

    private init(_ code: Code, _ subject: String, _ detail: String) {
        self.code = code
        self.subject = subject
        self.detail = detail
    }

    /// Writing or fsyncing the journal failed.
    package static func journal(_ path: String, _ detail: String) -> CollectorError { CollectorError(.journal, path, detail) }
    /// Sealing into or reading the spool failed.
    package static func spool(_ path: String, _ detail: String) -> CollectorError { CollectorError(.spool, path, detail) }
    /// A setting is unusable.
    package static func configuration(_ key: String, _ detail: String) -> CollectorError {
        CollectorError(.configuration, key, detail)
    }
    /// The journal was closed for shutdown.
    package static let stopped = CollectorError(.stopped, "journal", "the collector is shutting down")

    package var description: String {
        switch code {
        case .journal: "journal \(subject): \(detail)"
        case .spool: "spool \(subject): \(detail)"
        case .configuration: "collector.\(subject): \(detail)"
        case .stopped: detail
        }
    }
}
