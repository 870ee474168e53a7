/// A job that could not be loaded, planned or built, naming the job, the
/// window and the segment key where there is one.
package struct JobsError: Error, Sendable, CustomStringConvertible {
    /// The failures a caller tells apart; most are `.failed`.
    package enum Kind: Sendable, Equatable {
        /// Anything that the message alone describes.
        case failed
        /// A stored daily partial was built in another time zone than the
        /// one it was read for (the site's zone changed and the day was not
        /// rebuilt yet, SPEC §3.1).
        case zoneMismatch
    }

    /// What went wrong, one line.
    package var message: String
    /// Which kind of failure.
    package var kind: Kind

    package init(_ message: String, kind: Kind = .failed) {
        self.message = message
        self.kind = kind
    }

    package var description: String { message }
}
