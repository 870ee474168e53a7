import Hummingbird

/// Per-request context: Hummingbird's core storage plus the socket peer's
/// address, kept as text and used only for the visitor hash.
package struct CollectorRequestContext: RequestContext {
    /// Hummingbird's own per-request values.
    package var coreContext: CoreRequestContextStorage
    /// The peer's IP address, or nil for a non-IP socket.
    package let peerAddress: String?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }
}
