import Foundation
import TidemarkS3
import TidemarkTesting

#if canImport(Glibc)
import Glibc
#endif

/// Request latency of `tidemark collect` in steady state and while a region
/// that was down catches up on a large backlog, for one or more collector
/// binaries in the same run against the same three SeaweedFS regions
/// (BENCHMARKS.md, "Collector while a region catches up";
/// `scripts/bench-catchup.sh` builds main's binary and this tree's).
///
/// Per binary: a fresh bucket; single-event `wrk -t1 -c8 --latency` for
/// `--steady` seconds with every region up; region `ap` killed while batched
/// traffic for `--sites` sites builds a backlog of `--segments`; `ap`
/// restarted; the same single-event load from `ap`'s first delivery until
/// its queue is empty (wrk is stopped with SIGINT, which makes it report).
enum CatchupBench {
    /// Latency figures from `wrk --latency`, in milliseconds.
    struct Latency: CustomStringConvertible {
        var p50 = 0.0
        var p99 = 0.0
        var max = 0.0
        var requests = 0

        var description: String {
            String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests)", p50, p99, max, requests)
        }
    }

    static func run(_ options: [String: String]) async throws {
        let target = BenchMain.int(options, "segments", 5000)
        let siteCount = BenchMain.int(options, "sites", 250)
        let steadySeconds = BenchMain.int(options, "steady", 10)
        let binaries = try (options["binaries"] ?? "this=\(ReportBench.executable("tidemark"))")
            .split(separator: ",").map { pair -> (String, String) in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, FileManager.default.isExecutableFile(atPath: parts[1]) else {
                    throw BenchError("--binaries wants label=path,…; \(pair) is not an executable")
                }
                return (parts[0], parts[1])
            }
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
            throw BenchError("wrk not found: apt-get install wrk")
        }
        print("starting three SeaweedFS regions…")
        let cluster = try await SeaweedCluster.start()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tidemark-catchup-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try writeScripts(work: work, sites: siteCount)
        var results: [(String, Latency, Latency, String)] = []
        do {
            for (index, (label, binary)) in binaries.enumerated() {
                print("== \(label): \(binary)")
                let run = try await measure(
                    binary: binary, bucket: "catchup\(index)-\(getpid())", cluster: cluster, work: work + "/\(label)",
                    scripts: work, wrk: wrk, target: target, steadySeconds: steadySeconds)
                print("steady:      \(run.steady)\ncatching up: \(run.catchingUp) — \(run.note)")
                results.append((label, run.steady, run.catchingUp, run.note))
            }
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
        print("\n| binary | steady p50 | steady p99 | steady max | catch-up p50 | catch-up p99 | catch-up max | p99 ratio | catch-up |")
        print("|---|---|---|---|---|---|---|---|---|")
        for (label, steady, up, note) in results {
            print(String(
                format: "| %@ | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.1f× | %@ |", label, steady.p50,
                steady.p99, steady.max, up.p50, up.p99, up.max, up.p99 / Swift.max(steady.p99, 0.001), note))
        }
    }

    private struct Run {
        var steady: Latency
        var catchingUp: Latency
        var note: String
    }

    private static func measure(
        binary: String, bucket: String, cluster: SeaweedCluster, work: String, scripts: String, wrk: String,
        target: Int, steadySeconds: Int
    ) async throws -> Run {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        var yaml = """
            prefix: tm
            sites: []
            spool: \(work)/spool
            collector:
              id: catchup
              seal_age_seconds: 1
              spool_limit_bytes: 17179869184
            regions:

            """
        yaml += try await cluster.regionsYAML(bucket: bucket, env: &env)
        try yaml.write(toFile: work + "/tidemark.yml", atomically: true, encoding: .utf8)
        env["TIDEMARK_CONFIG"] = work + "/tidemark.yml"

        let collector = Process()
        collector.executableURL = URL(fileURLWithPath: binary)
        collector.arguments = ["collect", "--listen", "127.0.0.1:0"]
        collector.environment = env
        let out = Pipe()
        collector.standardOutput = out
        collector.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try collector.run()
        defer {
            if collector.isRunning {
                kill(collector.processIdentifier, SIGKILL)
                collector.waitUntilExit()
            }
        }
        let banner = String(decoding: out.fileHandleForReading.availableDataLine(), as: UTF8.self)
        guard let port = banner.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw BenchError("collector did not start: \(banner)")
        }
        let url = "http://127.0.0.1:\(port)/api/event"
        let single = ["-t1", "-c8", "--latency", "-s", scripts + "/single.lua", url]

        let commitsBefore = try histogram(port: port, "tidemark_journal_commit_duration_seconds")
        let steady = try latency(runWrk(wrk, ["-d\(steadySeconds)s"] + single))
        let steadyCommits = try histogram(port: port, "tidemark_journal_commit_duration_seconds")

        guard let down = cluster.region("ap") else { throw BenchError("no region ap") }
        down.kill()
        // Batched traffic for many sites: each seal makes one segment per site.
        let load = try startWrk(wrk, ["-t1", "-c4", "-d3600s", "-s", scripts + "/batch.lua", url])
        // ap's queue and the journal are read from the spool itself, not from
        // /metrics, whose gauges lag (and differ between the binaries compared).
        let queue = work + "/spool/queue/ap"
        let journal = work + "/spool/journal"
        try await waitFor(seconds: 900, "ap's queue to reach \(target)") { try entries(queue) >= target }
        stop(load)
        // The backlog is complete once the journal the batched traffic left is
        // sealed (sealing 250 sites' batches takes seconds; a file leaves the
        // journal only after its segments are queued): otherwise the catch-up
        // window would also measure that seal.
        try await waitFor(seconds: 600, "the journal to be sealed") { try entries(journal) == 0 }
        let backlog = try entries(queue)
        print("backlog for ap: \(backlog) segments; restarting ap")
        try await down.restart()
        // From ap's first delivery (a marker gone) until its queue is empty.
        try await waitFor(seconds: 120, "ap's first delivery") { try entries(queue) < backlog }
        let started = Date()
        let commitsAtRestart = try histogram(port: port, "tidemark_journal_commit_duration_seconds")
        let catchUp = try startWrk(wrk, ["-d3600s"] + single)
        try await waitFor(seconds: 1800, "ap to catch up") { try entries(queue) == 0 }
        let seconds = Date().timeIntervalSince(started)
        let text = stop(catchUp)
        let caughtUpCommits = try histogram(port: port, "tidemark_journal_commit_duration_seconds")
        print(
            "journal commit (write + fsync) p99 ≤ \(p99(steadyCommits, since: commitsBefore)) s steady, ≤ \(p99(caughtUpCommits, since: commitsAtRestart)) s catching up")
        kill(collector.processIdentifier, SIGTERM)
        collector.waitUntilExit()
        return Run(
            steady: steady, catchingUp: try latency(text),
            note: String(format: "%d segments in %.0f s", backlog, seconds))
    }

    /// A histogram's cumulative `(le, count)` buckets from `/metrics`.
    private static func histogram(port: Int, _ name: String) throws -> [(le: String, count: Double)] {
        let text = try metricsText(port: port)
        var out: [(le: String, count: Double)] = []
        for line in text.split(separator: "\n") where line.hasPrefix(name + "_bucket{") {
            guard let open = line.range(of: "le=\""), let close = line[open.upperBound...].firstIndex(of: "\""),
                  let count = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            out.append((String(line[open.upperBound..<close]), count))
        }
        return out
    }

    /// The upper bound of the bucket holding the 99th percentile of what
    /// was recorded between two histogram readings.
    private static func p99(_ now: [(le: String, count: Double)], since then: [(le: String, count: Double)]) -> String {
        let before = Dictionary(then.map { ($0.le, $0.count) }, uniquingKeysWith: { a, _ in a })
        let deltas = now.map { ($0.le, $0.count - (before[$0.le] ?? 0)) }
        guard let total = deltas.last?.1, total > 0 else { return "n/a" }
        return deltas.first { $0.1 >= 0.99 * total }?.0 ?? "+Inf"
    }

    /// Files in a spool directory (queue markers, journal files), leaving
    /// out the dot-named temporaries of writes in progress; 0 when it does not exist yet.
    private static func entries(_ dir: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: dir) else { return 0 }
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.count
    }

    /// The collector's `/metrics` page.
    private static func metricsText(port: Int) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-sf", "--max-time", "10", "http://127.0.0.1:\(port)/metrics"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("cannot read /metrics") }
        return text
    }

    private static func waitFor(seconds: Double, _ what: String, _ done: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !done() {
            guard Date() < deadline else { throw BenchError("gave up waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    private struct RunningWrk {
        var process: Process
        var output: Pipe
    }

    private static func startWrk(_ wrk: String, _ args: [String]) throws -> RunningWrk {
        let p = Process()
        // Process hands the child the calling thread's signal mask, and the
        // concurrency runtime's threads block SIGINT: wrk never saw the SIGINT
        // that stops it (the bench hung in `stop`). Perl clears the mask, then runs wrk.
        p.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        p.arguments = ["-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die; exec {$ARGV[0]} @ARGV or die", wrk] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        return RunningWrk(process: p, output: out)
    }

    /// SIGINT makes wrk stop and print its report.
    @discardableResult
    private static func stop(_ running: RunningWrk) -> String {
        kill(running.process.processIdentifier, SIGINT)
        let text = String(decoding: running.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        return text
    }

    private static func runWrk(_ wrk: String, _ args: [String]) throws -> String {
        let running = try startWrk(wrk, args)
        let text = String(decoding: running.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        running.process.waitUntilExit()
        return text
    }

    /// p50, p99 and max from wrk's `--latency` report.
    static func latency(_ text: String) throws -> Latency {
        var l = Latency()
        for raw in text.split(separator: "\n") {
            let f = raw.split(separator: " ", omittingEmptySubsequences: true)
            if f.first == "Latency", f.count >= 4 { l.max = try millis(f[3]) }
            if f.first == "50%", f.count >= 2 { l.p50 = try millis(f[1]) }
            if f.first == "99%", f.count >= 2 { l.p99 = try millis(f[1]) }
            if f.count >= 2, f[1] == "requests" { l.requests = Int(f[0]) ?? 0 }
        }
        guard l.p99 > 0 else { throw BenchError("wrk printed no latency distribution:\n\(text)") }
        return l
    }

    private static func millis(_ field: Substring) throws -> Double {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where field.hasSuffix(unit) {
            if let v = Double(field.dropLast(unit.count)) { return v * scale }
        }
        throw BenchError("cannot read wrk latency \(field)")
    }

    /// wrk scripts: one event per request, and batches of 100 events whose
    /// sites cycle through `sites` names (each request a different slice),
    /// at most 20 a second per connection.
    private static func writeScripts(work: String, sites: Int) throws {
        let hit = #"{"site":"example.com","type":"pageview","url":"https://example.com/pricing?utm_source=bench","referrer":"https://www.google.com/"}"#
        try """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
        wrk.body = '\(hit)'
        """.write(toFile: work + "/single.lua", atomically: true, encoding: .utf8)
        try """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
        local n = 0
        request = function()
          local parts = {}
          for i = 1, 100 do
            local site = (n * 100 + i) % \(sites)
            parts[i] = '{"site":"s' .. site .. '.example.com","type":"pageview","url":"https://s' .. site .. '.example.com/p","referrer":"https://www.google.com/"}'
          end
          n = n + 1
          return wrk.format(nil, nil, nil, "[" .. table.concat(parts, ",") .. "]")
        end
        -- 20 requests a second per connection (8,000 events a second on 4):
        -- flat out, wrk sends more than one core can seal, and the bench
        -- would measure a seal that never ends instead of a catch-up.
        function delay()
          return 50
        end
        """.write(toFile: work + "/batch.lua", atomically: true, encoding: .utf8)
    }
}
