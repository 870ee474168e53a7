import Crypto
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The visitor id of SPEC §1.1: the first 16 lowercase hex digits of
/// SHA-256(daily_salt ‖ site ‖ ip ‖ user agent), where daily_salt is the 32
/// raw bytes of HMAC-SHA-256(secret, `YYYY-MM-DD` of the event's date in the
/// site's time zone, UTC when it has none: the caller gives that date).
package final class VisitorID: Sendable {
    // Raw bytes rather than a SymmetricKey, which is not Sendable.
    private let secret: [UInt8]
    // The last day's salt: almost every event of a day asks for the same one.
    private let lastSalt = Mutex<(date: String, salt: [UInt8])?>(nil)

    /// Uses `secret` (raw bytes) as the HMAC key.
    package init(secret: [UInt8]) {
        self.secret = secret
    }

    /// The daily salt for `date` (`YYYY-MM-DD`).
    package func salt(date: String) -> [UInt8] {
        if let cached = lastSalt.withLock({ $0 }), cached.date == date { return cached.salt }
        let salt = Array(HMAC<SHA256>.authenticationCode(for: Array(date.utf8), using: SymmetricKey(data: secret)))
        lastSalt.withLock { $0 = (date, salt) }
        return salt
    }

    /// The visitor id of `ip` with `userAgent` on `site` on `date` (`YYYY-MM-DD`).
    package func visitor(date: String, site: String, ip: String, userAgent: String) -> String {
        var hasher = SHA256()
        hasher.update(data: salt(date: date))
        hasher.update(data: Array(site.utf8))
        hasher.update(data: Array(ip.utf8))
        hasher.update(data: Array(userAgent.utf8))
        return Hex.encode(hasher.finalize().prefix(8))
    }
}

/// Lowercase hex of bytes.
package enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `bytes` as lowercase hex, two digits each.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Event ids (SPEC §1: 128 bits as 32 lowercase hex digits).
package enum EventIDGenerator {
    /// A random id, for hits that carry none: 128 bits from the kernel's
    /// CSPRNG (ids must not be guessable, or a forged event could take a real
    /// one's place in dedupe), drawn 4 KiB at a time, not a syscall per id.
    package static func random() -> String {
        let (a, b) = RandomPool.shared.next128()
        return Hex.encode((0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? a : b) >> (UInt64(i % 8) * 8)) })
    }

    /// An id derived from where an imported line came from, so importing the
    /// same file twice gives the same ids (and the same segments).
    package static func derived(from parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        return Hex.encode(hasher.finalize().prefix(16))
    }
}

/// Random words from the kernel, fetched in 4 KiB batches under a lock.
final class RandomPool: Sendable {
    static let shared = RandomPool()

    private struct Buffer {
        var words = [UInt64](repeating: 0, count: 512)
        var next = 512
    }

    private let buffer = Mutex(Buffer())

    /// Two fresh random words.
    func next128() -> (UInt64, UInt64) {
        buffer.withLock { b in
            if b.next + 2 > b.words.count {
                Self.refill(&b.words)
                b.next = 0
            }
            defer { b.next += 2 }
            return (b.words[b.next], b.words[b.next + 1])
        }
    }

    private static func refill(_ words: inout [UInt64]) {
        words.withUnsafeMutableBytes { raw in
            var filled = 0
            if let base = raw.baseAddress, urandom >= 0 {
                while filled < raw.count {
                    let n = read(urandom, base + filled, raw.count - filled)
                    if n > 0 {
                        filled += n
                    } else if n == 0 || errno != EINTR {
                        break
                    }
                }
            }
            // Without /dev/urandom (a chroot, say) the standard generator fills the rest.
            var rng = SystemRandomNumberGenerator()
            for i in stride(from: filled / 8, to: raw.count / 8, by: 1) {
                raw.storeBytes(of: rng.next(), toByteOffset: i * 8, as: UInt64.self)
            }
        }
    }

    /// The kernel's CSPRNG, read like getrandom(2) without its header.
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
}
