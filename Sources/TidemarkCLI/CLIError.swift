/// A failure the CLI reports as one line on stderr with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong and, where possible, what to do next.
    var description: String

    init(_ description: String) { self.description = description }
}
