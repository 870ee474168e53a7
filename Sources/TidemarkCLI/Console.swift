import Foundation

/// Unbuffered line output to stderr.
struct StandardError: Sendable {
    func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
