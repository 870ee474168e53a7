/// The one error type of TidemarkTesting: a SeaweedFS region could not be installed, started or restarted.
package struct SeaweedError: Error, Sendable, CustomStringConvertible {
    /// What failed, with the log tail or command output that explains it.
    package let message: String

    /// Creates an error with a human-readable message.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
