import Foundation
import Synchronization

/// Hands out TCP ports on 127.0.0.1 that are free now and were not handed out before in this process.
///
/// Ports come from below the kernel's ephemeral range (`ip_local_port_range`):
/// a region restarted on its ports (fault tests) would otherwise find one
/// taken by the source port of some outgoing connection, which the kernel
/// picks from that range ("address already in use" on restart).
enum FreePorts {
    private static let handedOut = Mutex(Set<Int>())

    /// `count` distinct free ports outside the ephemeral range, or from it
    /// (binding port 0) when the range below it is too small.
    static func allocate(_ count: Int) throws(SeaweedError) -> [Int] {
        let below = belowEphemeral()
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts < count * 50 else { throw SeaweedError("could not find \(count) free ports") }
            let candidate: Int?
            if let below {
                let port = Int.random(in: below)
                candidate = isFree(port) ? port : nil
            } else {
                candidate = bindEphemeral()
            }
            guard let port = candidate else { continue }
            let fresh = handedOut.withLock { used in used.insert(port).inserted }
            if fresh { ports.append(port) }
        }
        return ports
    }

    /// Ports from 10000 up to the start of the ephemeral range, when that is
    /// at least 1,000 ports.
    static func belowEphemeral() -> Range<Int>? {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        guard let low = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap({ Int($0) }),
              low - 10_000 >= 1_000
        else { return nil }
        return 10_000..<low
    }

    /// Whether `port` can be bound on 127.0.0.1 now (with SO_REUSEADDR, as SeaweedFS binds).
    static func isFree(_ port: Int) -> Bool {
        bind(port: port) != nil
    }

    private static func bindEphemeral() -> Int? {
        bind(port: 0)
    }

    private static func bind(port: Int) -> Int? {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
