import Synchronization

/// The sites this collector publishes watermarks for: the configured ones, or
/// (when any site is accepted) every site it has taken an event for.
package final class SiteRegistry: Sendable {
    private let configured: [String]
    private let seen = Mutex(Set<String>())

    /// Tracks sites beyond `configured` only when that list is empty.
    package init(configured: [String]) {
        self.configured = configured
    }

    /// Records that events for `sites` were accepted.
    package func saw(_ sites: some Sequence<String>) {
        guard configured.isEmpty else { return }
        seen.withLock { set in
            for site in sites { set.insert(site) }
        }
    }

    /// The sites to publish for, sorted.
    package var sites: [String] {
        configured.isEmpty ? seen.withLock { $0 }.sorted() : configured.sorted()
    }
}
