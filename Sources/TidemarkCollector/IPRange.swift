import TidemarkIngest

/// An IP address or CIDR block (`10.0.0.0/8`, `::1`), for trusted proxies.
package struct IPRange: Sendable, Hashable {
    private let network: [UInt8]
    private let prefixLength: Int

    /// Parses `address` or `address/bits`; nil when it is neither.
    package init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = IPText.bytes(String(first)) else { return nil }
        let bits = parts.count > 1 ? Int(parts[1]) : bytes.count * 8
        guard let bits, bits >= 0, bits <= bytes.count * 8 else { return nil }
        network = bytes
        prefixLength = bits
    }

    /// True when `address` (text) lies in the range.
    package func contains(_ address: String) -> Bool {
        guard let bytes = IPText.bytes(address), bytes.count == network.count else { return false }
        var remaining = prefixLength
        for i in 0..<bytes.count where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if bytes[i] & mask != network[i] & mask { return false }
            remaining -= take
        }
        return true
    }
}

/// Picks the client address of a request: the socket peer, or, only when the
/// peer is a trusted proxy, the nearest untrusted hop of `X-Forwarded-For`.
package struct ClientAddressResolver: Sendable {
    /// Proxies whose forwarding header is believed.
    package var trustedProxies: [IPRange]

    package init(trustedProxies: [IPRange]) { self.trustedProxies = trustedProxies }

    /// The client IP in canonical text, or empty when unknown.
    package func resolve(peer: String?, forwardedFor: [String]) -> String {
        guard let peer, let peerText = IPText.canonical(peer) else { return "" }
        guard isTrusted(peerText), !forwardedFor.isEmpty else { return peerText }
        let hops = forwardedFor.flatMap { $0.split(separator: ",").map(String.init) }
        // Walk from the nearest hop back; the first one we do not trust is the client.
        for hop in hops.reversed() {
            guard let address = IPText.canonical(hop) else { return peerText }
            if !isTrusted(address) { return address }
        }
        return hops.first.flatMap { IPText.canonical($0) } ?? peerText
    }

    private func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
