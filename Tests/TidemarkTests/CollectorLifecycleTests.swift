import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import TidemarkCollector
import TidemarkLog
import TidemarkReplication
import TidemarkS3
import TidemarkStore

/// The collector's `ServiceGroup` in process: a graceful shutdown seals and
/// uploads what the healthy regions take, and a region whose server accepts
/// connections and never answers (a hung SeaweedFS) does not hold the
/// shutdown past the grace period; what it lacks stays queued in the spool.
@Suite("Collector lifecycle (in process)")
struct CollectorLifecycleTests {
    @Test func aHungRegionIsCutOffAtTheGraceAndKeepsItsQueue() async throws {
        let hung = try S3CancellationTests.SilentServer()
        defer { hung.close() }
        // Its own limits would keep an upload waiting for ten minutes.
        let ap = S3Store(client: try S3CancellationTests.patientClient(port: hung.port, region: "ap"))
        // A grace long enough for the healthy regions' final uploads even when the whole suite
        // shares the test process's two cooperative threads; ap is cut off when it ends.
        let c = try InProcessCollector("clife") { $0.shutdownGraceSeconds = 30 }
        defer { c.dir.cleanup() }
        let stores: [any ObjectStore] = c.stores.filter { $0.name != "ap" } + [ap]
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "test") { _ in
            LineLogHandler(format: .json, level: .info, sink: { line in lines.withLock { $0.append(line) } })
        }
        let running = try await RunningCollector.start(c.settings, stores: stores, logger: logger)
        let collector = running.collector

        let batch = CollectorHits.batch(0..<20, seed: 11)
        let reply = try await running.post(batch.body)
        #expect(reply.status == 202)
        #expect(reply.accepted == 20)

        // As SIGTERM would: the group stops the server, the region loops, then the shipper's final
        // flush, which the grace period cuts off because ap never answers.
        try await running.stop()
        #expect(!collector.shipper.finalFlushFinished)
        // Uploads the shutdown cut short are no region failure: nothing to warn about.
        #expect(!lines.withLock { $0 }.contains { $0.contains("drain failed") }, "\(lines.withLock { $0 })")
        for region in ["eu", "us"] {
            #expect(eventIDs(try c.lines(in: region)).sorted() == batch.ids.sorted(), "region \(region)")
        }
        let spool = Spool(root: c.settings.spoolRoot, regions: ["eu", "us", "ap"])
        #expect(try !spool.pending(for: "ap").isEmpty, "the spool lost what ap never received")
        #expect(try spool.pending(for: "eu").isEmpty)
        #expect(try spool.pending(for: "us").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: c.settings.spoolRoot + "/journal")
            .allSatisfy { !$0.hasSuffix(".ndjson") }, "the journal was not sealed")
    }

    @Test func withEveryRegionUpTheFinalFlushFinishes() async throws {
        // The group stops as soon as the flush is done; the grace only bounds a flush that hangs.
        let c = try InProcessCollector("cdone") { $0.shutdownGraceSeconds = 120 }
        defer { c.dir.cleanup() }
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let running = try await RunningCollector.start(c.settings, stores: c.stores, logger: logger)
        let (collector, port) = (running.collector, running.port)
        let batch = CollectorHits.batch(0..<5, seed: 12)
        let reply = try await running.post(batch.body)
        #expect(reply.status == 202)
        try await running.stop()
        #expect(collector.shipper.finalFlushFinished)
        let spool = Spool(root: c.settings.spoolRoot, regions: ["eu", "us", "ap"])
        for region in ["eu", "us", "ap"] {
            #expect(eventIDs(try c.lines(in: region)).sorted() == batch.ids.sorted(), "region \(region)")
            #expect(try spool.pending(for: region).isEmpty)
        }
        // The server stopped accepting.
        #expect(throws: (any Error).self) {
            _ = try RawHTTP.sendBlocking(port: port, method: "GET", path: "/healthz", headers: [:], body: [])
        }
    }

    /// docs/LOGGING.md: a region whose drains fail is logged as a warning at
    /// once (then at most once a minute), its return as `region caught up`,
    /// and a stop that leaves segments queued is a warning naming the regions.
    @Test func aFailingRegionIsLoggedOnceThenItsReturnAndAStopWithWorkLeftIsAWarning() async throws {
        let c = try InProcessCollector("cfail") { $0.shutdownGraceSeconds = 60 }
        defer { c.dir.cleanup() }
        let ap = FaultyStore(FileStore(name: "ap", root: c.dir.path + "/regions/ap"))
        ap.isDown = true
        let stores: [any ObjectStore] = c.stores.filter { $0.name != "ap" } + [ap]
        let (lines, sink) = AsyncStream<String>.makeStream()
        let all = Mutex<[String]>([])
        let logger = Logger(label: "test") { _ in
            LineLogHandler(format: .json, level: .info, sink: { line in
                all.withLock { $0.append(line) }
                sink.yield(line)
            })
        }
        func records() -> [[String: Any]] { all.withLock { $0 }.compactMap(jsonRecord) }
        let running = try await RunningCollector.start(c.settings, stores: stores, logger: logger)
        let collector = running.collector
        let batch = CollectorHits.batch(0..<5, seed: 13)
        let reply = try await running.post(batch.body)
        #expect(reply.status == 202)

        var stream = lines.makeAsyncIterator()
        let failure = try #require(await firstRecord(&stream, "drain failed (will retry)"))
        #expect(failure["region"] as? String == "ap")
        #expect(failure["failed_drains"] as? Int == 1)
        #expect((failure["error"] as? String)?.contains("injected outage") == true, "\(failure)")
        ap.isDown = false
        let back = try #require(await firstRecord(&stream, "region caught up"))
        #expect(back["region"] as? String == "ap")
        #expect((back["failed_drains"] as? Int ?? 0) >= 1)
        // However many retries failed before ap came back, one warning was written.
        #expect(records().filter { $0["msg"] as? String == "drain failed (will retry)" }.count == 1)

        ap.isDown = true
        let more = CollectorHits.batch(5..<9, seed: 14)
        let second = try await running.post(more.body)
        #expect(second.status == 202)
        try await running.stop()
        collector.logStopped(logger)
        sink.finish()
        #expect(collector.shipper.finalFlushFinished)
        let stopped = try #require(records().first { ($0["msg"] as? String)?.hasPrefix("stopped") == true })
        #expect(stopped["level"] as? String == "warning", "\(stopped)")
        #expect(stopped["msg"] as? String == "stopped with segments still queued: they upload at the next start or with tidemark flush")
        #expect((stopped["queued_segments"] as? Int ?? 0) > 0)
        #expect((stopped["regions"] as? String)?.hasPrefix("ap=") == true, "\(stopped)")
    }

    /// docs/LOGGING.md: counts and durations are JSON numbers, in the
    /// collector's shutdown records as in the job runner's.
    @Test func shutdownRecordsWriteNumbersAsNumbers() async throws {
        let c = try InProcessCollector("clog") { $0.shutdownGraceSeconds = 45 }
        defer { c.dir.cleanup() }
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "test") { _ in
            LineLogHandler(format: .json, level: .info, sink: { line in lines.withLock { $0.append(line) } })
        }
        let running = try await RunningCollector.start(c.settings, stores: c.stores, logger: logger)
        try await running.stop()
        let records = lines.withLock { $0 }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let stopping = try #require(records.first { ($0["msg"] as? String)?.hasPrefix("stopping") == true }, "\(records)")
        #expect(stopping["seconds"] is NSNumber, "\(stopping)")
        #expect((stopping["seconds"] as? Double) == 45)
    }
}

/// A JSON log line as a dictionary; nil for anything else.
private func jsonRecord(_ line: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
}

/// The first record with message `msg` still to come from `stream`; nil when it ends first.
private func firstRecord(_ stream: inout AsyncStream<String>.Iterator, _ msg: String) async -> [String: Any]? {
    while let line = await stream.next() {
        if let record = jsonRecord(line), record["msg"] as? String == msg { return record }
    }
    return nil
}

/// A collector's service group running in process on a loopback port.
private struct RunningCollector {
    let collector: CollectorApplication
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let port: Int

    /// Builds the collector and runs its group until it listens.
    static func start(_ settings: CollectorSettings, stores: [any ObjectStore], logger: Logger) async throws -> RunningCollector {
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let collector = try CollectorApplication(
            settings: settings, stores: stores, logger: logger, onListening: { listening.yield($0) })
        let group = collector.serviceGroup(handlingSignals: false, logger: logger)
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CollectorTestError("the collector never listened") }
        return RunningCollector(collector: collector, group: group, task: task, port: port)
    }

    /// POSTs `body` to `/api/event`.
    func post(_ body: String) async throws -> HTTPReply {
        try await RawHTTP.send(port: port, method: "POST", path: "/api/event", headers: [:], body: Array(body.utf8))
    }

    /// As SIGTERM would: a graceful shutdown of the group, waited for.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
