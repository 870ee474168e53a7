/// Integer rounding for report ratios (SPEC §4.1 rule 9).
///
/// Binary floating point cannot hold 0.125 or 0.00005 exactly enough to round
/// them the same on every machine, so ratios are divided as integers.
package enum Rounding {
    /// `numerator / denominator` rounded half away from zero; 0 when `denominator` is 0.
    package static func divideHalfAwayFromZero(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        guard denominator != 0 else { return 0 }
        let q = numerator / denominator
        let r = numerator % denominator
        let absR = r.magnitude
        let absD = denominator.magnitude
        // |r| >= |d| - |r| is 2|r| >= |d| without overflowing.
        guard absR >= absD - absR else { return q }
        return (numerator < 0) == (denominator < 0) ? q + 1 : q - 1
    }

    /// `numerator / denominator` rounded half away from zero to `decimals`
    /// places; `0.0` when `denominator` is 0.
    package static func ratio(_ numerator: Int64, _ denominator: Int64, decimals: Int) -> ReportDecimal {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        return ReportDecimal(units: divideHalfAwayFromZero(numerator * scale, denominator), scale: decimals)
    }
}
