import Foundation

/// Writes one line of a command's result to stdout at once: stdout to a pipe
/// is block-buffered, and lines written directly must not overtake earlier
/// output. Log records go to stderr through swift-log (docs/LOGGING.md).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
