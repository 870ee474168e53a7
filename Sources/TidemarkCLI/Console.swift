import Foundation

/// Unbuffered line output to stderr.
struct StandardError: Sendable {
    func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Writes one line to stdout at once: stdout to a pipe is block-buffered, and
/// progress lines written directly must not overtake earlier output.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
