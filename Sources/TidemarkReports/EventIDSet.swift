/// A set of 128-bit event ids.
struct EventIDSet {
    // Pairs (high, low); (0, 0) marks an empty slot, the all-zero id is kept aside.
    private var words: ContiguousArray<UInt64>
    private var mask: Int
    private var hasZero = false
    /// Number of ids held.
    private(set) var count = 0

    /// An empty set.
    init() {
        words = ContiguousArray(repeating: 0, count: 2 * 1024)
        mask = 1023
    }

    /// Grows now if `extra` more inserts could make the table grow, so slots
    /// touched ahead of a batch stay where they are during it.
    mutating func reserve(_ extra: Int) {
        while (count + extra) * 4 > (mask + 1) * 3 { grow() }
    }

    /// Reads the slot `id` hashes to and returns its first word: a load the
    /// caller issues for a batch of ids before inserting them, so their cache
    /// misses overlap instead of following one another.
    @inline(__always)
    func touch(_ id: EventID) -> UInt64 {
        let i = Int(truncatingIfNeeded: HashMix.mix(id.high ^ id.low)) & mask
        return words.withUnsafeBufferPointer { $0[2 &* i] }
    }

    /// Inserts `id`; false when it was already there.
    @inline(__always)
    mutating func insert(_ id: EventID) -> Bool {
        if id.high == 0 && id.low == 0 {
            if hasZero { return false }
            hasZero = true
            count += 1
            return true
        }
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var i = Int(truncatingIfNeeded: HashMix.mix(id.high ^ id.low)) & mask
        let inserted: Bool = words.withUnsafeMutableBufferPointer { w in
            while true {
                let h = w[2 &* i]
                let l = w[2 &* i &+ 1]
                if h == 0 && l == 0 {
                    w[2 &* i] = id.high
                    w[2 &* i &+ 1] = id.low
                    return true
                }
                if h == id.high && l == id.low { return false }
                i = (i &+ 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    private mutating func grow() {
        let old = words
        let capacity = (mask + 1) * 2
        words = ContiguousArray(repeating: 0, count: 2 * capacity)
        mask = capacity - 1
        let zero = hasZero
        count = 0
        hasZero = false
        var k = 0
        while k < old.count {
            if old[k] != 0 || old[k + 1] != 0 { _ = insert(EventID(high: old[k], low: old[k + 1])) }
            k += 2
        }
        if zero { _ = insert(EventID(high: 0, low: 0)) }
    }
}
