/// Picks elements with fixed relative weights (binary search over the
/// running totals).
struct WeightedTable<Element> {
    private let elements: [Element]
    private let cumulative: [Double]
    private let total: Double

    /// A table of elements and their weights (negative weights count as 0).
    init(_ pairs: [(Element, Double)]) {
        var running = 0.0
        var sums: [Double] = []
        sums.reserveCapacity(pairs.count)
        for (_, w) in pairs {
            running += max(0, w)
            sums.append(running)
        }
        elements = pairs.map(\.0)
        cumulative = sums
        total = running
    }

    /// Zipf weights 1/(rank+1) over `elements` in rank order. Exponent 1
    /// keeps the weights plain divisions, so they are the same bits on every
    /// platform (libm's `pow` is not).
    init(zipf elements: [Element]) {
        self.init(elements.enumerated().map { ($0.element, 1 / Double($0.offset + 1)) })
    }

    /// One element, drawn by weight.
    func pick(_ rng: inout SplitMix64) -> Element {
        let u = rng.unit() * total
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return elements[lo]
    }
}
