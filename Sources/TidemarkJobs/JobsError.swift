/// A job that could not be loaded, planned or built, naming the job, the
/// window and the segment key where there is one.
package struct JobsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, one line.
    package var message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
