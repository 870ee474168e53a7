/// Byte-wise comparison and hashing of strings.
///
/// Swift's `String` equality treats canonically equivalent text as equal
/// (`é` and `e` + U+0301) and orders by Unicode scalars after normalisation,
/// but SPEC §4.1 keys are byte strings: two paths that differ in bytes are two
/// rows, and ties sort in UTF-8 byte order.
enum UTF8Bytes {
    /// A 32-bit hash of the UTF-8 bytes. Unseeded, so identical on every run;
    /// keys that collide cost extra probes, never a wrong count.
    static func hash32(_ s: String) -> UInt32 {
        let fast = s.utf8.withContiguousStorageIfAvailable { hashBytes(UnsafeRawBufferPointer($0)) }
        if let fast { return fast }
        return Array(s.utf8).withUnsafeBytes { hashBytes($0) }
    }

    private static func hashBytes(_ p: UnsafeRawBufferPointer) -> UInt32 {
        let n = p.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        while i + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        let mixed = HashMix.mix(h ^ tail)
        return UInt32(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }

    /// Whether two strings hold the same UTF-8 bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let n = a.utf8.count
        guard n == b.utf8.count else { return false }
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                equalBytes(UnsafeRawBufferPointer(pa), UnsafeRawBufferPointer(pb))
            }
        }
        if let fast, let fast { return fast }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Whether `a` sorts before `b` in UTF-8 byte order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                let n = min(pa.count, pb.count)
                for i in 0..<n where pa[i] != pb[i] { return pa[i] < pb[i] }
                return pa.count < pb.count
            }
        }
        if let fast, let fast { return fast }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    // The generic `elementsEqual` over `UTF8View` goes byte by byte through
    // the collection protocols; this compares eight bytes at a time.
    private static func equalBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
