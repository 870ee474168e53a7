// The floor of a hand-written SwiftNIO HTTP/1.1 server on this machine: it
// answers every request with 202 and a fixed JSON body and does no work.
// BENCHMARKS.md compares it with nginx, Hummingbird's /healthz and
// `tidemark collect` in one run. Not part of the product or of CI:
//   swift build -c release --package-path scripts/nio-floor
//   scripts/nio-floor/.build/release/nio-floor 18090 &
//   scripts/nio-floor/.build/release/nio-floor 18091 /tmp/floor.journal &
// With a journal path it is the durable floor: each answer waits, as in
// `tidemark collect`, until a 300-byte line for its request has been written
// and fsynced by one group-commit thread (one write and one fsync for every
// request queued meanwhile), and is then sent from its own event loop. Once a
// second it prints fsyncs, requests per fsync and the mean fsync time.
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// One thread that writes and fsyncs, for every group of requests queued
/// while the previous fsync ran, a line per request.
final class GroupCommit: @unchecked Sendable {
    // `queue` is guarded by `condition`; the counters belong to the thread.
    private let condition = NSCondition()
    private var queue: [(loop: any EventLoop, done: @Sendable () -> Void)] = []
    private let fd: Int32
    private var fsyncs = 0
    private var requests = 0
    private var fsyncNanos: UInt64 = 0
    private var second: UInt64 = 0

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "open \(path)") }
        let thread = Thread { [self] in self.run() }
        thread.name = "group-commit"
        thread.start()
    }

    /// Runs `done` on `loop` once this request's line is on disk.
    func append(on loop: any EventLoop, _ done: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append((loop, done))
        condition.signal()
        condition.unlock()
    }

    private func run() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 299) + [UInt8(ascii: "\n")]
        var buffer: [UInt8] = []
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let group = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()

            buffer.removeAll(keepingCapacity: true)
            for _ in group { buffer.append(contentsOf: line) }
            _ = buffer.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let started = DispatchTime.now().uptimeNanoseconds
            fsync(fd)
            let ended = DispatchTime.now().uptimeNanoseconds
            count(group.count, fsyncNanos: ended - started, at: ended)

            // One hop per event loop for the whole group, as the collector does.
            var byLoop: [ObjectIdentifier: (loop: any EventLoop, done: [@Sendable () -> Void])] = [:]
            for entry in group {
                byLoop[ObjectIdentifier(entry.loop as AnyObject), default: (entry.loop, [])].done.append(entry.done)
            }
            for (_, batch) in byLoop {
                let done = batch.done
                batch.loop.execute { for d in done { d() } }
            }
        }
    }

    private func count(_ groupSize: Int, fsyncNanos nanos: UInt64, at now: UInt64) {
        fsyncs += 1
        requests += groupSize
        fsyncNanos += nanos
        guard now / 1_000_000_000 != second else { return }
        second = now / 1_000_000_000
        let text = "fsyncs \(fsyncs)/s, \(requests / fsyncs) requests per fsync, fsync \(fsyncNanos / UInt64(fsyncs) / 1000) µs\n"
        FileHandle.standardError.write(Data(text.utf8))
        (fsyncs, requests, fsyncNanos) = (0, 0, 0)
    }
}

/// Answers 202 once each request has been read (and, with a journal, once its line is durable).
final class AcceptEverything: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private static let text = "{\"accepted\":1,\"rejected\":0}\n"
    private let journal: GroupCommit?

    init(journal: GroupCommit?) { self.journal = journal }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        guard let journal else { return respond(context) }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        journal.append(on: context.eventLoop) { self.respond(bound.value) }
    }

    private func respond(_ context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(Self.text.utf8.count))
        let head = HTTPResponseHead(version: .http1_1, status: .accepted, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: Self.text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

let arguments = CommandLine.arguments.dropFirst()
let port = arguments.first.flatMap { Int($0) } ?? 18090
let journal = try arguments.dropFirst().first.map { try GroupCommit(path: $0) }
let server = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(AcceptEverything(journal: journal))
        }
    }
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .bind(host: "127.0.0.1", port: port).wait()
try server.closeFuture.wait()
