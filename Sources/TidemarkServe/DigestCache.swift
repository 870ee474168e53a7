/// A bounded map from a digest key to a value; the oldest entry goes first
/// when it is full. Keys name their inputs' SHA-256 digests, so an entry can
/// never be stale: changed inputs give a different key.
actor DigestCache<Value: Sendable> {
    private var entries: [String: Value] = [:]
    private var order: [String] = []
    private let capacity: Int

    /// A cache of at most `capacity` entries.
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The value stored under `key`.
    func value(_ key: String) -> Value? { entries[key] }

    /// Stores `value` under `key`.
    func store(_ key: String, _ value: Value) {
        if entries.updateValue(value, forKey: key) == nil {
            order.append(key)
            if order.count > capacity {
                let drop = order.count - capacity
                for old in order.prefix(drop) { entries[old] = nil }
                order.removeFirst(drop)
            }
        }
    }

    /// Number of entries.
    var count: Int { entries.count }
}
