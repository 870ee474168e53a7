import Foundation
import Synchronization
import TidemarkS3

/// One real SeaweedFS server (`weed server` with master, volume, filer and S3 gateway) acting as a
/// region, with its own ports, credentials and data directory, and fault injection by signal.
package final class SeaweedRegion: Sendable {
    /// Region name ("eu").
    package let name: String
    /// S3 endpoint, `http://127.0.0.1:PORT`.
    package let s3Endpoint: String
    /// Access key of the region's only identity.
    package let accessKey: String
    /// Secret key of the region's only identity.
    package let secretKey: String
    /// Directory holding the data, identities and `weed.log`.
    package let dataDirectory: URL

    private let weedPath: String
    private let ports: SeaweedPorts
    private let process = Mutex<Process?>(nil)

    /// Seconds to wait for the S3 gateway to answer a signed request: an
    /// upper bound, not an expectation. A region is usually ready in 2-4 s, but
    /// on two cores with parallel test suites and builds it has taken over 30 s.
    static let readyTimeoutSeconds = 120.0
    /// Seconds a SIGTERMed server gets before SIGKILL.
    static let stopGraceSeconds = 3.0

    /// Prepares (but does not start) a region in `directory` with fresh ports and credentials.
    init(name: String, directory: URL, weedPath: String) throws(SeaweedError) {
        self.name = name
        self.dataDirectory = directory
        self.weedPath = weedPath
        self.ports = try SeaweedPorts.allocate()
        self.s3Endpoint = "http://127.0.0.1:\(ports.s3)"
        self.accessKey = "TM" + name.uppercased() + SeaweedRegion.randomString(16, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        self.secretKey = SeaweedRegion.randomString(
            40, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"
        )
        try TestDirectories.create(directory.appendingPathComponent("data"))
        try writeIdentities()
        try writeMasterConfiguration()
    }

    /// Starts a region in `directory` and waits until its S3 gateway answers signed requests.
    package static func start(name: String, in directory: URL, weedPath: String) async throws(SeaweedError) -> SeaweedRegion {
        let region = try SeaweedRegion(name: name, directory: directory, weedPath: weedPath)
        try await region.launch()
        return region
    }

    /// PID of the current server process, or 0 when none was started.
    package var pid: Int32 {
        process.withLock { $0?.processIdentifier ?? 0 }
    }

    /// Whether the server process is alive (also while paused).
    package var isRunning: Bool {
        process.withLock { $0?.isRunning ?? false }
    }

    /// A client configuration for `bucket` in this region, with short timeouts suited to tests.
    package func s3Configuration(bucket: String) -> S3Configuration {
        var configuration = S3Configuration(
            name: name, endpoint: s3Endpoint, bucket: bucket, signingRegion: "us-east-1",
            accessKey: accessKey, secretKey: secretKey
        )
        configuration.connectTimeoutMs = 1000
        configuration.lowSpeedSeconds = 3
        configuration.baseTimeoutMs = 10_000
        return configuration
    }

    /// SIGKILL: the region dies at once (connections refused).
    package func kill() {
        signal(SIGKILL)
    }

    /// SIGSTOP: the region hangs (connections accepted by the kernel, never answered).
    package func pause() {
        signal(SIGSTOP)
    }

    /// SIGCONT: a paused region carries on.
    package func resume() {
        signal(SIGCONT)
    }

    /// Starts the server again on the same ports once the old process has exited and the ports are free.
    package func restart() async throws(SeaweedError) {
        await stop()
        for port in ports.all {
            try await waitUntil(timeout: Self.readyTimeoutSeconds, "port \(port) to be free") {
                FreePorts.isFree(port)
            }
        }
        try await launch()
    }

    /// SIGTERM, then SIGKILL after a grace period; returns once the process has exited.
    package func stop() async {
        guard let running = process.withLock({ $0 }) else { return }
        if running.isRunning {
            signal(SIGCONT)
            signal(SIGTERM)
            let deadline = Date().addingTimeInterval(Self.stopGraceSeconds)
            while running.isRunning, Date() < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if running.isRunning { signal(SIGKILL) }
            while running.isRunning {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        SeaweedProcessRegistry.shared.unregister(pid: running.processIdentifier)
    }

    /// Deletes everything the region stored (buckets, objects, metadata),
    /// keeping its configuration: a datacenter that comes back empty-handed.
    /// Call it while the region is stopped or killed.
    package func wipeData() throws(SeaweedError) {
        let data = dataDirectory.appendingPathComponent("data")
        do {
            try FileManager.default.removeItem(at: data)
        } catch {
            throw SeaweedError("region \(name): cannot wipe \(data.path): \(error)")
        }
        try TestDirectories.create(data)
    }

    /// Last lines of the server log, for error messages.
    package func logTail(lines: Int = 30) -> String {
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return log.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    private var logFile: URL { dataDirectory.appendingPathComponent("weed.log") }
    private var identitiesFile: URL { dataDirectory.appendingPathComponent("identities.json") }

    // Only a process this object started and that is still running is ever signalled, so a
    // recycled PID can never be hit.
    private func signal(_ number: Int32) {
        process.withLock { process in
            guard let process, process.isRunning else { return }
            Foundation.kill(process.processIdentifier, number)
        }
    }

    private func launch() async throws(SeaweedError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: weedPath)
        process.currentDirectoryURL = dataDirectory
        process.arguments = [
            "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            "-dir=\(dataDirectory.appendingPathComponent("data").path)",
            "-s3", "-s3.config=\(identitiesFile.path)",
        ] + ports.arguments + [
            "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false", "-volume.max=100",
            // A restarted single master otherwise sits out the default 10 s raft election timeout.
            "-master.electionTimeout=1s",
        ]
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        do {
            let log = try FileHandle(forWritingTo: logFile)
            try log.seekToEnd()
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try? log.close()
        } catch {
            throw SeaweedError("region \(name): cannot start \(weedPath): \(error)")
        }
        let pid = process.processIdentifier
        SeaweedProcessRegistry.shared.register(pid: pid, description: "weed region \(name) \(dataDirectory.path)")
        self.process.withLock { $0 = process }
        do throws(SeaweedError) {
            try await waitUntilReady(process)
        } catch {
            await stop()
            throw error
        }
    }

    // Ready means a signed write round trip works: the S3 gateway can answer (and check
    // signatures) before the master has a leader and can grow volumes, and a PUT in that gap stalls.
    private func waitUntilReady(_ process: Process) async throws(SeaweedError) {
        let client: S3Client
        do {
            var configuration = s3Configuration(bucket: "tidemark-readiness-probe")
            configuration.connectTimeoutMs = 500
            configuration.maxConnections = 1
            client = try S3Client(configuration)
        } catch {
            throw SeaweedError("region \(name): \(error)")
        }
        let deadline = Date().addingTimeInterval(Self.readyTimeoutSeconds)
        var lastError = "no answer"
        while Date() < deadline {
            guard process.isRunning else {
                throw SeaweedError("region \(name): weed exited with status \(process.terminationStatus)\n\(logTail())")
            }
            do throws(S3Error) {
                try await client.createBucket()
                _ = try await client.putObject(
                    key: "probe", body: Array("ready".utf8), contentType: "text/plain", metadata: [:], ifNoneMatch: false
                )
                try await client.deleteObject(key: "probe")
                return
            } catch {
                lastError = error.description
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        throw SeaweedError(
            "region \(name): S3 port \(ports.s3) not ready after \(Int(Self.readyTimeoutSeconds)) s (\(lastError))\n\(logTail())"
        )
    }

    private func waitUntil(timeout: Double, _ what: String, _ condition: () -> Bool) async throws(SeaweedError) {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { throw SeaweedError("region \(name): timed out waiting for \(what)") }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func writeIdentities() throws(SeaweedError) {
        let identities: [String: Any] = [
            "identities": [
                [
                    "name": "tidemark-\(name)",
                    "credentials": [["accessKey": accessKey, "secretKey": secretKey]],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                ] as [String: Any],
            ],
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: identities, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: identitiesFile)
        } catch {
            throw SeaweedError("region \(name): cannot write \(identitiesFile.path): \(error)")
        }
    }

    // weed reads ./master.toml first (the process runs in `dataDirectory`). By default every new
    // bucket grows 7 volumes, so `-volume.max=100` holds only 15 buckets per region (measured);
    // growing one at a time lets tests use a fresh bucket each.
    private func writeMasterConfiguration() throws(SeaweedError) {
        let file = dataDirectory.appendingPathComponent("master.toml")
        let text = """
            [master.volume_growth]
            copy_1 = 1
            copy_2 = 2
            copy_3 = 3
            copy_other = 1
            threshold = 0.9

            """
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            throw SeaweedError("region \(name): cannot write \(file.path): \(error)")
        }
    }

    private static func randomString(_ count: Int, alphabet: String) -> String {
        let characters = Array(alphabet)
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).compactMap { _ in characters.randomElement(using: &generator) })
    }
}
