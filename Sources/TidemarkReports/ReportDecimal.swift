/// An exact decimal number, `units / 10^scale`, as reports print it.
package struct ReportDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The value times `10^scale`.
    package var units: Int64
    /// Digits after the decimal point that `units` holds.
    package var scale: Int

    /// A decimal of `units / 10^scale`.
    package init(units: Int64, scale: Int) {
        self.units = units
        self.scale = max(0, scale)
    }

    /// Zero.
    package static let zero = ReportDecimal(units: 0, scale: 0)

    /// The shortest text with at least one decimal: `0.0`, `0.125`, `1.0`, `12.5`.
    package var description: String {
        var divisor: UInt64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let magnitude = units.magnitude
        var fraction = String(magnitude % divisor)
        if fraction.count < scale { fraction = String(repeating: "0", count: scale - fraction.count) + fraction }
        while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
        if fraction.isEmpty { fraction = "0" }
        return (units < 0 ? "-" : "") + String(magnitude / divisor) + "." + fraction
    }
}
