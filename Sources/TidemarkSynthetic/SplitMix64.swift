/// Sebastiano Vigna's SplitMix64: tiny, fast, and the same numbers on every
/// platform, so a seed always gives the same day (and the same test run:
/// the test suites draw from it too).
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator starting from `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<n` (Lemire's multiply-high; the bias is below 2⁻⁵⁰ here).
    package mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(n).multipliedFullWidth(by: next()).high)
    }

    /// Uniform in `lower...upper`.
    package mutating func between(_ lower: Int, _ upper: Int) -> Int {
        lower + below(upper - lower + 1)
    }

    /// Uniform in [0, 1), 53 bits.
    package mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// Mixes text into a seed (FNV-1a, then one SplitMix step), so each site
    /// draws from its own stream whatever the order of the sites.
    package static func derive(_ seed: UInt64, _ text: String, _ salt: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        var mix = SplitMix64(seed: h ^ (salt &* 0xD6E8_FEB8_6659_FD93))
        return mix.next()
    }
}
