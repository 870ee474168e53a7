// The floor of a hand-written SwiftNIO HTTP/1.1 server on this machine: it
// answers every request with 202 and a fixed JSON body and does no work.
// BENCHMARKS.md compares it with nginx, Hummingbird's /healthz and
// `tidemark collect` in one run. Not part of the product or of CI:
//   swift build -c release --package-path scripts/nio-floor
//   scripts/nio-floor/.build/release/nio-floor 18090 &
import NIOCore
import NIOHTTP1
import NIOPosix

/// Answers 202 once each request has been read.
final class AcceptEverything: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private static let text = "{\"accepted\":1,\"rejected\":0}\n"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(Self.text.utf8.count))
        let head = HTTPResponseHead(version: .http1_1, status: .accepted, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: Self.text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 18090
let server = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(AcceptEverything())
        }
    }
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .bind(host: "127.0.0.1", port: port).wait()
try server.closeFuture.wait()
