import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkS3
import TidemarkStore
import TidemarkTesting

#if canImport(Glibc)
import Glibc
#endif

/// The collector under steady `wrk` load for N minutes while regions are
/// killed, hung and restored at random; then flush and repair, and check that
/// every accepted event is in every region exactly once.
enum SoakBench {
    static func run(_ options: [String: String]) async throws {
        let minutes = Double(options["minutes"] ?? "3") ?? 3
        let seed = UInt64(options["seed"] ?? "1") ?? 1
        let tidemark = try ReportBench.executable("tidemark")
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
            throw BenchError("wrk not found: apt-get install wrk")
        }
        print("starting three SeaweedFS regions…")
        let cluster = try await SeaweedCluster.start()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tidemark-soak-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        var yaml = "prefix: tm\nsites: [example.com]\nspool: \(work)/spool\ncollector:\n  id: soak\n  seal_age_seconds: 1\nregions:\n"
        yaml += try await cluster.regionsYAML(bucket: "soak", env: &env)
        try yaml.write(toFile: work + "/tidemark.yml", atomically: true, encoding: .utf8)
        env["TIDEMARK_CONFIG"] = work + "/tidemark.yml"

        let collector = Process()
        collector.executableURL = URL(fileURLWithPath: tidemark)
        collector.arguments = ["collect", "--listen", "127.0.0.1:0"]
        collector.environment = env
        let out = Pipe()
        collector.standardOutput = out
        try collector.run()
        defer { if collector.isRunning { kill(collector.processIdentifier, SIGKILL) } }
        let banner = String(decoding: out.fileHandleForReading.availableDataLine(), as: UTF8.self)
        guard let port = banner.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw BenchError("collector did not start: \(banner)")
        }
        let lua = work + "/post.lua"
        try """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
        wrk.body = '{"site":"example.com","type":"pageview","url":"https://example.com/pricing?utm_source=soak","referrer":"https://www.google.com/"}'
        """.write(toFile: lua, atomically: true, encoding: .utf8)
        let load = Process()
        load.executableURL = URL(fileURLWithPath: wrk)
        load.arguments = ["-t2", "-c16", "-d\(Int(minutes * 60))s", "-s", lua, "http://127.0.0.1:\(port)/api/event"]
        let wrkOut = Pipe()
        load.standardOutput = wrkOut
        try load.run()

        // Faults at random, one region at a time, while the load runs.
        var rng = SeededRandom(seed: seed)
        var faults: [String] = []
        let deadline = Date().addingTimeInterval(minutes * 60 - 15)
        while Date() < deadline {
            try await Task.sleep(for: .seconds(Double(rng.next() % 15 + 10)))
            guard Date() < deadline else { break }
            let region = cluster.regions[Int(rng.next() % 3)]
            let outage = Double(rng.next() % 15 + 5)
            if rng.next() % 2 == 0 {
                faults.append("kill \(region.name) \(Int(outage))s")
                region.kill()
                try await Task.sleep(for: .seconds(outage))
                try await region.restart()
            } else {
                faults.append("hang \(region.name) \(Int(outage))s")
                region.pause()
                try await Task.sleep(for: .seconds(outage))
                region.resume()
            }
        }
        load.waitUntilExit()
        let wrkText = String(decoding: wrkOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let accepted = try metric("tidemark_events_accepted_total", port: port)
        kill(collector.processIdentifier, SIGTERM)
        collector.waitUntilExit()

        func cli(_ args: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tidemark)
            p.arguments = args
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        let flushStatus = try cli(["flush"])
        let repairStatus = try cli(["repair"])
        var perRegion: [String: Int] = [:]
        var keySets: [Set<String>] = []
        var duplicates = 0
        for r in cluster.regions {
            let store = S3Store(client: try S3Client(r.s3Configuration(bucket: "soak")))
            var ids: Set<String> = []
            var keys: Set<String> = []
            for o in try await store.list(prefix: "tm/events/") {
                keys.insert(o.key)
                let got = try await store.get(o.key)
                try SegmentReader.forEachLine(in: got.bytes, key: o.key) { line in
                    if case .event(let e) = EventParser.parse(line), !ids.insert(e.id).inserted { duplicates += 1 }
                }
            }
            perRegion[r.name] = ids.count
            keySets.append(keys)
        }
        await cluster.stop()
        let identical = keySets.allSatisfy { $0 == keySets[0] }
        let counts = perRegion.values
        let ok = identical && duplicates == 0 && counts.allSatisfy { $0 == Int(accepted) } && flushStatus == 0 && repairStatus == 0
        print("\nsoak: \(minutes) min, faults: \(faults.joined(separator: ", "))")
        print(wrkText.split(separator: "\n").filter { $0.contains("Requests/sec") || $0.contains("requests in") || $0.contains("Non-2xx") }.joined(separator: "\n"))
        print("accepted (metrics): \(Int(accepted)); stored per region: \(perRegion.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")); duplicates: \(duplicates); identical segment sets: \(identical); flush exit \(flushStatus), repair exit \(repairStatus)")
        print(ok ? "RESULT: every accepted event is in every region exactly once" : "RESULT: MISMATCH")
        try? FileManager.default.removeItem(atPath: work)
        if !ok { exit(1) }
    }

    static func metric(_ name: String, port: Int) throws -> Double {
        // FoundationNetworking is not linked here; curl(1) reads the page.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-sf", "http://127.0.0.1:\(port)/metrics"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("cannot read /metrics") }
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            total += Double(line.split(separator: " ").last ?? "") ?? 0
        }
        return total
    }
}

/// A small deterministic generator so a soak's fault schedule can be replayed.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 17
    }
}
