import Foundation
import TidemarkTesting

/// Runs the built `tidemark` executable, the way cron or a user would.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    static func executable() throws -> String {
        let root = try TestDirectories.packageRoot()
        for dir in [".build/debug", ".build/release"] {
            let path = root.appendingPathComponent(dir).appendingPathComponent("tidemark").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw SeaweedError("the tidemark executable is not built; run `swift build --build-tests` first")
    }

    /// Runs `tidemark args…` in `directory` with extra environment variables
    /// (and none of the caller's `TIDEMARK_CONFIG`).
    static func run(
        _ args: [String], in directory: String, environment: [String: String] = [:], stdin: Data? = nil
    ) async throws -> Result {
        try await run(
            path: try executable(), args, in: directory, environment: environment, removing: ["TIDEMARK_CONFIG"],
            stdin: stdin)
    }

    /// Runs any program to completion, collecting its output.
    static func run(
        path: String, _ args: [String], in directory: String? = nil, environment: [String: String] = [:],
        removing: [String] = [], stdin: Data? = nil
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for k in removing { env[k] = nil }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let start = Date()
        try process.run()
        if let stdin {
            try input.fileHandleForWriting.write(contentsOf: stdin)
            try input.fileHandleForWriting.close()
        }
        // Read both pipes off the cooperative pool so a chatty child never blocks.
        async let o = Self.readAll(out.fileHandleForReading)
        async let e = Self.readAll(err.fileHandleForReading)
        let (stdout, stderr) = await (o, e)
        await Self.waitForExit(process)
        return Result(
            status: process.terminationStatus, stdout: stdout, stderr: stderr,
            seconds: Date().timeIntervalSince(start))
    }

    private static func readAll(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { c in
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                c.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }

    private static func waitForExit(_ process: Process) async {
        await withCheckedContinuation { c in
            DispatchQueue.global().async {
                process.waitUntilExit()
                c.resume()
            }
        }
    }
}

/// Deterministic schema-v1 events spread over sites and hours.
enum TestEvents {
    static func lines(count: Int, seed: UInt64 = 1, sites: [String] = ["example.com", "shop.example.com"], day: String = "2026-11-26") -> [String] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let paths = ["/", "/pricing", "/blog/a", "/docs/start", "/about"]
        return (0..<count).map { i in
            let site = sites[Int(next() % UInt64(sites.count))]
            let hour = Int(next() % 4) + 8
            let minute = Int(next() % 60)
            let second = Int(next() % 60)
            let id = String(format: "%016llx%016llx", next(), UInt64(i))
            let visitor = String(format: "%016llx", next() % 500)
            let path = paths[Int(next() % UInt64(paths.count))]
            let ts = String(format: "%@T%02d:%02d:%02d.%03dZ", day, hour, minute, second, i % 1000)
            return #"{"id":"\#(id)","ts":"\#(ts)","site":"\#(site)","type":"pageview","name":"","path":"\#(path)","ref_host":"","utm_source":"","utm_medium":"","utm_campaign":"","visitor":"\#(visitor)","country":"NL","browser":"Firefox","os":"Linux","device":"desktop"}"#
        }
    }
}
