/// Finds an event's `series` bucket with integer arithmetic only: a table
/// from equal slots of the window to buckets, its slot the greatest common
/// divisor of the bucket boundaries (a clock hour in whole-hour zones, even on
/// DST days; 15 minutes at worst in real zones). Built once per window, so
/// the zone is never consulted per event.
struct BucketIndex {
    /// Slot length in milliseconds.
    private let slotMillis: Int32
    /// Bucket index per slot.
    private let table: [Int8]

    /// Buckets starting at `starts` (epoch seconds, increasing, the first the
    /// window's start) and ending at `end`.
    init(starts: [Int64], end: Int64) {
        let origin = starts.first ?? end
        var g: Int64 = max(1, end - origin)
        for s in starts.dropFirst() { g = Self.gcd(g, s - origin) }
        // Offsets with seconds (historic local mean time) would make the table
        // huge; such windows fall back to whole-second slots, bounded by a day.
        let slots = Int(max(1, (end - origin) / g))
        var table = [Int8](repeating: 0, count: slots)
        var b = 0
        for i in 0..<slots {
            let t = origin + Int64(i) * g
            while b + 1 < starts.count, starts[b + 1] <= t { b += 1 }
            table[i] = Int8(truncatingIfNeeded: b)
        }
        self.table = table
        slotMillis = Int32(truncatingIfNeeded: g * 1000)
    }

    /// The bucket of an event `millis` after the window's start (0 ≤ millis <
    /// the window's length).
    @inline(__always)
    func index(_ millis: Int32) -> Int {
        Int(table[Int(millis / slotMillis)])
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
