/// The distinct (visitor, page) pairs of a window, for `top_pages` visitors.
///
/// Page views are the bulk of events and nearly every one is a new pair, so
/// a hash set here costs a random cache miss per page view. Instead each hour's
/// pairs are collected, sorted, and merged into one sorted array: sequential
/// work, and the same memory (one word per distinct pair).
struct PairLedger {
    private var known: [UInt64] = []
    private var pending: [UInt64] = []

    /// Number of distinct pairs merged so far.
    var count: Int { known.count }

    /// Notes a pair seen in the current hour.
    @inline(__always)
    mutating func add(_ pair: UInt64) { pending.append(pair) }

    /// Merges the pending pairs, calling `isNew` once for each pair not seen
    /// in an earlier hour.
    mutating func merge(_ isNew: (UInt64) -> Void) {
        guard !pending.isEmpty else { return }
        pending.sort()
        var fresh: [UInt64] = []
        var k = 0
        var previous: UInt64? = nil
        for pair in pending where pair != previous {
            previous = pair
            while k < known.count && known[k] < pair { k += 1 }
            if k < known.count && known[k] == pair { continue }
            fresh.append(pair)
            isNew(pair)
        }
        pending.removeAll(keepingCapacity: true)
        guard !fresh.isEmpty else { return }
        // Merge from the back, in place.
        var i = known.count - 1
        var j = fresh.count - 1
        known.append(contentsOf: fresh)
        var w = known.count - 1
        while j >= 0 {
            if i >= 0 && known[i] > fresh[j] {
                known[w] = known[i]
                i -= 1
            } else {
                known[w] = fresh[j]
                j -= 1
            }
            w -= 1
        }
    }
}
