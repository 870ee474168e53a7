import Testing
import TidemarkReports

@Suite struct RoundingTests {
    /// (numerator, denominator, decimals, printed)
    static let ratios: [(Int64, Int64, Int, String)] = [
        (1, 8, 4, "0.125"),
        (1, 3, 4, "0.3333"),
        (2, 3, 4, "0.6667"),
        (5, 100_000, 4, "0.0001"),  // 0.00005 rounds away from zero
        (4, 100_000, 4, "0.0"),  // 0.00004 rounds down
        (0, 7, 4, "0.0"),
        (3, 0, 4, "0.0"),  // no visits
        (7, 7, 4, "1.0"),
        (1250, 1000, 1, "1.3"),  // 1.25 s: half away from zero
        (1249, 1000, 1, "1.2"),
        (12_500, 1000, 1, "12.5"),
        (-1250, 1000, 1, "-1.3"),
        (5, 2, 0, "3.0"),
        (-5, 2, 0, "-3.0"),
        (1, 2000, 1, "0.0"),  // 0.0005 s
        (50, 1000, 1, "0.1"),  // 0.05 s
    ]

    @Test(arguments: ratios)
    func ratioIsRoundedHalfAwayFromZero(_ c: (Int64, Int64, Int, String)) {
        #expect(Rounding.ratio(c.0, c.1, decimals: c.2).description == c.3)
    }

    @Test(arguments: [(7, 2, 4), (-7, 2, -4), (7, -2, -4), (5, 3, 2), (-5, 3, -2), (1, 3, 0), (0, 5, 0)] as [(Int64, Int64, Int64)])
    func integerDivision(_ c: (Int64, Int64, Int64)) {
        #expect(Rounding.divideHalfAwayFromZero(c.0, c.1) == c.2)
    }

    @Test(arguments: [(0, 0, "0.0"), (1250, 4, "0.125"), (10_000, 4, "1.0"), (125, 1, "12.5"), (120, 1, "12.0"), (-5, 4, "-0.0005"), (42, 0, "42.0")] as [(Int64, Int, String)])
    func decimalPrintsMinimallyWithOneDecimal(_ c: (Int64, Int, String)) {
        #expect(ReportDecimal(units: c.0, scale: c.1).description == c.2)
    }
}
