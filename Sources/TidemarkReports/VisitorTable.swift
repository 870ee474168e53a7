/// The window's visitors: visitor id (16 hex digits as a number) to its
/// state, held inline so a lookup and the state it finds share cache lines.
struct VisitorTable {
    private var slots: ContiguousArray<VisitorState>
    private var mask: Int
    /// Number of visitors held.
    private(set) var count = 0

    /// An empty table.
    init() {
        slots = ContiguousArray(repeating: VisitorState(), count: 1024)
        mask = 1023
    }

    /// Grows now if `extra` more visitors could make the table grow, so slots
    /// found for a batch stay valid through it.
    mutating func reserve(_ extra: Int) {
        while (count + extra) * 4 > (mask + 1) * 3 { grow() }
    }

    /// Reads the slot `visitor` hashes to (see `EventIDSet.touch`).
    @inline(__always)
    func touch(_ visitor: UInt64) -> UInt64 {
        let i = Int(truncatingIfNeeded: HashMix.mix(visitor)) & mask
        return slots.withUnsafeBufferPointer { $0[i].visitor }
    }

    /// The slot of `visitor`, adding a fresh state (with the next dense
    /// index) when it is new. Slots move when the table grows, so use a slot
    /// only until the next call.
    @inline(__always)
    mutating func slot(for visitor: UInt64) -> (slot: Int, isNew: Bool) {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var i = Int(truncatingIfNeeded: HashMix.mix(visitor)) & mask
        let found: Bool = slots.withUnsafeBufferPointer { s in
            while s[i].occupied {
                if s[i].visitor == visitor { return true }
                i = (i &+ 1) & mask
            }
            return false
        }
        if found { return (i, false) }
        var fresh = VisitorState()
        fresh.occupied = true
        fresh.visitor = visitor
        fresh.index = Int32(truncatingIfNeeded: count)
        slots[i] = fresh
        count += 1
        return (i, true)
    }

    /// The state in `slot`.
    subscript(slot: Int) -> VisitorState {
        @inline(__always) get { slots[slot] }
        @inline(__always) set { slots[slot] = newValue }
    }

    /// Every visitor's state, in no particular order.
    func forEach(_ body: (VisitorState) -> Void) {
        for s in slots where s.occupied { body(s) }
    }

    private mutating func grow() {
        let old = slots
        slots = ContiguousArray(repeating: VisitorState(), count: (mask + 1) * 2)
        mask = slots.count - 1
        for s in old where s.occupied {
            var i = Int(truncatingIfNeeded: HashMix.mix(s.visitor)) & mask
            while slots[i].occupied { i = (i &+ 1) & mask }
            slots[i] = s
        }
    }
}
