/// Why the user-agent data could not be loaded: the file, and what is wrong with it.
package struct UserAgentError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case missing
        case invalid
    }

    private let code: Code
    /// The data file at fault.
    package let path: String
    /// What failed.
    package let detail: String

    /// The file cannot be read (most often: the Debian package `uap-core` is not installed).
    package static func missing(_ path: String, _ detail: String) -> UserAgentError {
        UserAgentError(code: .missing, path: path, detail: detail)
    }

    /// The file was read but is not uap-core's `regexes.yaml` shape.
    package static func invalid(_ path: String, _ detail: String) -> UserAgentError {
        UserAgentError(code: .invalid, path: path, detail: detail)
    }

    package var description: String {
        switch code {
        case .missing:
            "user-agent data \(path) cannot be read (\(detail)); install the Debian package uap-core "
                + "(scripts/setup.sh does)"
        case .invalid:
            "user-agent data \(path) is not uap-core's regexes.yaml: \(detail)"
        }
    }
}
