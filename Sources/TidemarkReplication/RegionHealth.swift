/// Regions seen failing during this run. A hung region costs its timeout once,
/// then is tried only after the others.
package actor RegionHealth {
    private var down: Set<String> = []

    package init() {}

    /// Records that `region` failed to answer.
    package func markDown(_ region: String) { down.insert(region) }

    /// Records that `region` answered.
    package func markUp(_ region: String) { down.remove(region) }

    /// True when `region` failed earlier in this run.
    package func isDown(_ region: String) -> Bool { down.contains(region) }

    /// Indices of `names`: healthy regions first, each group in configured order.
    package func readOrder(_ names: [String]) -> [Int] {
        let healthy = names.indices.filter { !down.contains(names[$0]) }
        let unhealthy = names.indices.filter { down.contains(names[$0]) }
        return healthy + unhealthy
    }
}
