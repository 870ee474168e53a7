/// A set of 64-bit keys, such as (visitor index, key id) pairs.
struct UInt64Set {
    private var keys: ContiguousArray<UInt64>
    private var mask: Int
    private var hasZero = false
    /// Number of keys held.
    private(set) var count = 0

    /// An empty set.
    init() {
        keys = ContiguousArray(repeating: 0, count: 1024)
        mask = 1023
    }

    /// Grows now if `extra` more inserts could make the table grow.
    mutating func reserve(_ extra: Int) {
        while (count + extra) * 4 > (mask + 1) * 3 { grow() }
    }

    /// Reads the slot `key` hashes to (see `EventIDSet.touch`).
    @inline(__always)
    func touch(_ key: UInt64) -> UInt64 {
        let i = Int(truncatingIfNeeded: HashMix.mix(key)) & mask
        return keys.withUnsafeBufferPointer { $0[i] }
    }

    /// Inserts `key`; false when it was already there.
    @inline(__always)
    mutating func insert(_ key: UInt64) -> Bool {
        if key == 0 {
            if hasZero { return false }
            hasZero = true
            count += 1
            return true
        }
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var i = Int(truncatingIfNeeded: HashMix.mix(key)) & mask
        let inserted: Bool = keys.withUnsafeMutableBufferPointer { k in
            while true {
                let existing = k[i]
                if existing == 0 {
                    k[i] = key
                    return true
                }
                if existing == key { return false }
                i = (i &+ 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    private mutating func grow() {
        let old = keys
        keys = ContiguousArray(repeating: 0, count: (mask + 1) * 2)
        mask = keys.count - 1
        let zero = hasZero
        count = 0
        hasZero = false
        for key in old where key != 0 { _ = insert(key) }
        if zero { _ = insert(0) }
    }
}
