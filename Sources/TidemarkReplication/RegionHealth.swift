/// Regions seen failing recently. A hung region costs its timeout once, then
/// is skipped (or tried last, for reads) until `retryAfter` has passed, so a
/// long-running collector still comes back to it.
package actor RegionHealth {
    private var down: [String: ContinuousClock.Instant] = [:]
    private let retryAfter: Duration

    package init(retryAfter: Duration = .seconds(30)) { self.retryAfter = retryAfter }

    /// Records that `region` failed to answer.
    package func markDown(_ region: String) { down[region] = .now }

    /// Records that `region` answered.
    package func markUp(_ region: String) { down[region] = nil }

    /// The regions that failed within `retryAfter`.
    package func downSet() -> Set<String> {
        let now = ContinuousClock.now
        return Set(down.filter { now - $0.value < retryAfter }.keys)
    }

    /// True when `region` failed within `retryAfter`.
    package func isDown(_ region: String) -> Bool { downSet().contains(region) }

    /// Indices of `names`: healthy regions first, each group in configured order.
    package func readOrder(_ names: [String]) -> [Int] {
        let recent = downSet()
        let healthy = names.indices.filter { !recent.contains(names[$0]) }
        let unhealthy = names.indices.filter { recent.contains(names[$0]) }
        return healthy + unhealthy
    }
}
