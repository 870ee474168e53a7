#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// IP address text: parsing and the canonical forms SPEC §1.1 hashes
/// (dotted quad, RFC 5952 for IPv6).
package enum IPText {
    /// 4 or 16 bytes, or nil when `text` is not an address.
    package static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let raw = withUnsafeBytes(of: &v6) { Array($0) }
            // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 client.
            if raw[0..<10].allSatisfy({ $0 == 0 }), raw[10] == 0xFF, raw[11] == 0xFF { return Array(raw[12..<16]) }
            return raw
        }
        return nil
    }

    /// The canonical text of `text`, or nil when it is not an address.
    package static func canonical(_ text: String) -> String? {
        var trimmed = Substring(text.trimmingCharacters(in: " \t"))
        if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
            trimmed = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
        }
        guard var bytes = bytes(String(trimmed)) else { return nil }
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeMutableBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension String {
    /// `self` without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        guard let first = firstIndex(where: { !chars.contains($0) }), let last = lastIndex(where: { !chars.contains($0) })
        else { return "" }
        return String(self[first...last])
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
