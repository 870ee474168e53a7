import Foundation
import Logging
import Testing
import TidemarkCollector
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
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let collector = try CollectorApplication(
            settings: c.settings, stores: stores, logger: logger, onListening: { listening.yield($0) })
        let group = collector.serviceGroup(handlingSignals: false, logger: logger)
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let batch = CollectorHits.batch(0..<20, seed: 11)
        let reply = try await RawHTTP.send(port: port, method: "POST", path: "/api/event", headers: [:], body: Array(batch.body.utf8))
        #expect(reply.status == 202)
        #expect(reply.accepted == 20)

        // As SIGTERM would: the group stops the server, the region loops, then the shipper's final
        // flush, which the grace period cuts off because ap never answers.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(!collector.shipper.finalFlushFinished)
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
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let collector = try CollectorApplication(
            settings: c.settings, stores: c.stores, logger: logger, onListening: { listening.yield($0) })
        let group = collector.serviceGroup(handlingSignals: false, logger: logger)
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let batch = CollectorHits.batch(0..<5, seed: 12)
        let reply = try await RawHTTP.send(port: port, method: "POST", path: "/api/event", headers: [:], body: Array(batch.body.utf8))
        #expect(reply.status == 202)
        await group.triggerGracefulShutdown()
        try await running.value
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
}
