import Foundation
import Synchronization

/// Hands out TCP ports on 127.0.0.1 that are free now and were not handed out before in this process.
enum FreePorts {
    private static let handedOut = Mutex(Set<Int>())

    /// `count` distinct free ports, each found by binding port 0 and reading back the kernel's choice.
    static func allocate(_ count: Int) throws(SeaweedError) -> [Int] {
        var ports: [Int] = []
        var attempts = 0
        while ports.count < count {
            attempts += 1
            guard attempts < count * 50 else { throw SeaweedError("could not find \(count) free ports") }
            guard let port = bindEphemeral() else { continue }
            let fresh = handedOut.withLock { used in used.insert(port).inserted }
            if fresh { ports.append(port) }
        }
        return ports
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
