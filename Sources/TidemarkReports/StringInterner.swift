/// Gives each distinct byte string a small dense id, so per-key counters are
/// arrays and per-(visitor, key) sets hold integers instead of strings.
///
/// Slots pack a 32-bit hash of the bytes with id + 1 in one word (0 is an
/// empty slot), so a probe touches one cache line before the final byte
/// comparison.
struct StringInterner {
    private var slots = ContiguousArray<UInt64>(repeating: 0, count: 256)
    private var mask = 255
    /// The strings by id.
    private(set) var strings: [String] = []

    /// Number of distinct strings seen.
    var count: Int { strings.count }

    /// The id of `s`, and whether it was new.
    @inline(__always)
    mutating func intern(_ s: String) -> (id: Int32, isNew: Bool) {
        if (strings.count + 1) * 2 > mask + 1 { grow() }
        let hash = UTF8Bytes.hash32(s)
        var i = Int(truncatingIfNeeded: HashMix.mix(UInt64(hash))) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { break }
            if UInt32(truncatingIfNeeded: slot >> 32) == hash {
                let id = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if UTF8Bytes.sameBytes(strings[Int(id)], s) { return (id, false) }
            }
            i = (i &+ 1) & mask
        }
        let id = Int32(strings.count)
        strings.append(s)
        slots[i] = UInt64(hash) << 32 | UInt64(UInt32(id) + 1)
        return (id, true)
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
    private var interner = StringInterner()
    /// Counters by id (the list's ranking count).
    var counts: [Int] = []
    /// Distinct visitors by id, for lists that carry them.
    var visitors: [Int] = []

    /// The strings by id.
    var strings: [String] { interner.strings }

    /// The id of `s`, growing the counters when it is new.
    @inline(__always)
    mutating func id(_ s: String) -> Int32 {
        let (id, isNew) = interner.intern(s)
        if isNew {
            counts.append(0)
            visitors.append(0)
        }
        return id
    }

    /// Adds one to the ranking count of `s`.
    @inline(__always)
    mutating func count(_ s: String) {
        let i = Int(id(s))
        counts[i] += 1
    }

    /// Rows of every key with a non-zero count, `withVisitors` adding the
    /// visitors column.
    func rows(withVisitors: Bool) -> [TopRow] {
        var rows: [TopRow] = []
        for (i, key) in strings.enumerated() where counts[i] > 0 {
            rows.append(TopRow(key: key, counts: withVisitors ? [counts[i], visitors[i]] : [counts[i]]))
        }
        return rows
    }
}
