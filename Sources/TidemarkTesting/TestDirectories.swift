import Foundation
import Synchronization

/// Where test infrastructure keeps its files: `<package root>/.tidemark-test/`.
package enum TestDirectories {
    /// The directory holding `Package.swift`, found by walking up from this source file.
    package static func packageRoot(from file: String = #filePath) throws(SeaweedError) -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        throw SeaweedError("no Package.swift above \(file)")
    }

    /// `<package root>/.tidemark-test`, created if needed.
    package static func testRoot() throws(SeaweedError) -> URL {
        let root = try packageRoot().appendingPathComponent(".tidemark-test")
        try create(root)
        return root
    }

    /// `<package root>/.tidemark-test/pids`, one file per running server a wrapper script may kill.
    package static func pidDirectory() throws(SeaweedError) -> URL {
        let directory = try testRoot().appendingPathComponent("pids")
        try create(directory)
        return directory
    }

    /// A fresh `<package root>/.tidemark-test/run-<pid>-<n>` directory.
    package static func newRunDirectory() throws(SeaweedError) -> URL {
        let number = runCounter.withLock { counter in
            counter += 1
            return counter
        }
        let directory = try testRoot().appendingPathComponent("run-\(getpid())-\(number)")
        try? FileManager.default.removeItem(at: directory)
        try create(directory)
        return directory
    }

    /// Creates `directory` and its parents.
    static func create(_ directory: URL) throws(SeaweedError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SeaweedError("cannot create \(directory.path): \(error)")
        }
    }

    private static let runCounter = Mutex(0)
}
