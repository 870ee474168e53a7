/// Open-addressing hash tables for the hot path.
///
/// Swift's `Set` and `Dictionary` hash with SipHash and keep keys, values and
/// occupancy in separate arrays, so one lookup can miss the cache three
/// times. Keys here are ids that are random already or dense indices, so a
/// multiply-xorshift mix is enough, and each slot holds its key and value
/// together: one cache miss per probe. Linear probing, power-of-two
/// capacity, at most three quarters full (ids are random, so probes stay
/// short, and at millions of ids the slack is hundreds of megabytes).
enum HashMix {
    /// A 64-bit finaliser (MurmurHash3's fmix64).
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
