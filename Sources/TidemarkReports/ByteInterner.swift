/// Gives each distinct byte string a small dense id, so per-key counters are
/// arrays and per-(visitor, key) sets hold integers instead of strings.
///
/// Keys are byte strings (SPEC §4.1: two paths that differ in bytes are two
/// rows), kept back to back in one arena, so interning allocates nothing per
/// key. Slots pack a 32-bit hash of the bytes with id + 1 in one word (0 is
/// an empty slot), so a probe touches one cache line before the final byte
/// comparison.
struct ByteInterner: Sendable {
    private var slots = ContiguousArray<UInt64>(repeating: 0, count: 64)
    private var mask = 63
    private var arena: [UInt8] = []
    /// Where each key ends in `arena`; it starts where the one before ends.
    private var ends: [Int32] = []
    /// Each key's hash, so another interner can take it without rehashing.
    private(set) var hashes: [UInt32] = []

    /// Number of distinct keys seen.
    var count: Int { ends.count }

    /// The id of `bytes`, and whether it was new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (id: Int32, isNew: Bool) {
        intern(bytes, hash: Self.hash(bytes))
    }

    /// The id of `bytes` whose `hash(_:)` is `hash`, and whether it was new.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer, hash: UInt32) -> (id: Int32, isNew: Bool) {
        if let id = find(bytes, hash: hash) { return (id, false) }
        return (add(bytes, hash: hash), true)
    }

    /// The id of `bytes` if it was interned before.
    @inline(__always)
    func find(_ bytes: UnsafeRawBufferPointer, hash: UInt32) -> Int32? {
        var i = Int(truncatingIfNeeded: HashMix.mix(UInt64(hash))) & mask
        return slots.withUnsafeBufferPointer { s in
            arena.withUnsafeBytes { a in
                ends.withUnsafeBufferPointer { e in
                    while true {
                        let slot = s[i]
                        if slot == 0 { return nil }
                        if UInt32(truncatingIfNeeded: slot >> 32) == hash {
                            let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                            let start = id == 0 ? 0 : Int(e[id - 1])
                            let stored = UnsafeRawBufferPointer(rebasing: a[start..<Int(e[id])])
                            if Self.equal(stored, bytes) { return Int32(truncatingIfNeeded: id) }
                        }
                        i = (i &+ 1) & mask
                    }
                }
            }
        }
    }

    /// Adds `bytes`, known not to be interned yet; returns its id.
    mutating func add(_ bytes: UnsafeRawBufferPointer, hash: UInt32) -> Int32 {
        if (ends.count + 1) * 2 > mask + 1 { grow() }
        var i = Int(truncatingIfNeeded: HashMix.mix(UInt64(hash))) & mask
        while slots[i] != 0 { i = (i &+ 1) & mask }
        let id = Int32(truncatingIfNeeded: ends.count)
        arena.append(contentsOf: bytes)
        ends.append(Int32(truncatingIfNeeded: arena.count))
        hashes.append(hash)
        slots[i] = UInt64(hash) << 32 | UInt64(UInt32(bitPattern: id) + 1)
        return id
    }

    /// Calls `body` with the bytes of key `id`.
    @inline(__always)
    func withBytes<R>(_ id: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let i = Int(id)
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return arena.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<Int(ends[i])])) }
    }

    /// Key `id` as a `String`; keys are valid UTF-8 (callers check before adding).
    func string(_ id: Int32) -> String { withBytes(id) { String(decoding: $0, as: UTF8.self) } }

    /// A 32-bit hash of the bytes. Unseeded, so identical on every run; keys
    /// that collide cost extra probes, never a wrong count.
    @inline(__always)
    static func hash(_ p: UnsafeRawBufferPointer) -> UInt32 {
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

    // Eight bytes at a time; the generic `elementsEqual` goes byte by byte.
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
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

    private mutating func grow() {
        let old = slots
        slots = ContiguousArray(repeating: 0, count: (mask + 1) * 2)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            var i = Int(truncatingIfNeeded: HashMix.mix(slot >> 32)) & mask
            while slots[i] != 0 { i = (i &+ 1) & mask }
            slots[i] = slot
        }
    }
}

/// Interned keys with one counter column per id.
struct KeyTally {
    private(set) var interner = ByteInterner()
    /// Counters by id (the list's ranking count).
    var counts: [Int] = []
    /// Distinct visitors by id, for lists that carry them.
    var visitors: [Int] = []

    /// Number of distinct keys.
    var count: Int { interner.count }

    /// The id of `bytes`, growing the counters when it is new.
    mutating func id(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let (id, isNew) = interner.intern(bytes)
        if isNew {
            counts.append(0)
            visitors.append(0)
        }
        return id
    }

    /// The id of the key that is key `id` of `other`, growing the counters
    /// when it is new here.
    @inline(__always)
    mutating func id(of id: Int32, in other: ByteInterner) -> Int32 {
        let hash = other.hashes[Int(id)]
        let (mine, isNew) = other.withBytes(id) { interner.intern($0, hash: hash) }
        if isNew {
            counts.append(0)
            visitors.append(0)
        }
        return mine
    }

    /// Rows of every key with a non-zero count, `withVisitors` adding the
    /// visitors column.
    func rows(withVisitors: Bool) -> [TopRow] { rows(counts, visitors: withVisitors ? visitors : nil) }

    /// Rows of every key with a non-zero count in `column`.
    func rows(_ column: [Int], visitors: [Int]? = nil) -> [TopRow] {
        var rows: [TopRow] = []
        for i in column.indices where column[i] > 0 {
            let key = interner.string(Int32(i))
            rows.append(TopRow(key: key, counts: visitors.map { [column[i], $0[i]] } ?? [column[i]]))
        }
        return rows
    }
}
