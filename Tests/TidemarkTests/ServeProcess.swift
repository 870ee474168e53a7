import Foundation
import TidemarkTesting

#if canImport(Glibc)
import Glibc
#endif

/// A `tidemark serve --listen 127.0.0.1:0` process from the built binary,
/// stopped by PID; its port comes from the line it prints once it listens.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    private let errPath: String

    /// Starts the server in `directory` with `args` (such as `--config`) and
    /// waits for its first line; throws with its stderr when it exits instead.
    init(in directory: String, args: [String] = [], environment: [String: String] = [:]) async throws {
        errPath = directory + "/serve-\(UUID().uuidString.prefix(8)).err"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try BinaryRunner.executable())
        p.arguments = ["serve", "--listen", "127.0.0.1:0"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["TIDEMARK_CONFIG"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        p.standardInput = FileHandle.nullDevice
        try p.run()
        process = p
        // The first line, read off the cooperative pool; EOF (empty) when it exits.
        let line = await withCheckedContinuation { (c: CheckedContinuation<String, Never>) in
            DispatchQueue.global().async {
                c.resume(returning: String(decoding: out.fileHandleForReading.availableDataLine(), as: UTF8.self))
            }
        }
        guard let range = line.range(of: "http://127.0.0.1:"),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            p.waitUntilExit()
            let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw CollectorTestError("tidemark serve did not start: \(line) \(err)")
        }
        self.port = port
    }

    /// What the server wrote to stderr so far.
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await RawHTTP.send(port: port, method: "GET", path: path, headers: headers, body: [])
    }

    /// Sends `signal` and waits for the process to leave; true when it exited
    /// by itself with status 0. One that has not left after `seconds` is
    /// killed (and the answer is false): a bound, not a timing.
    func terminate(signal: Int32, within seconds: Double = 30) async -> Bool {
        guard process.isRunning else { return false }
        kill(process.processIdentifier, signal)
        let p = process
        return await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                let killer = DispatchWorkItem { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
                p.waitUntilExit()
                killer.cancel()
                c.resume(returning: p.terminationReason == .exit && p.terminationStatus == 0)
            }
        }
    }

    /// SIGKILL and wait.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
