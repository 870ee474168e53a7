/// A region operation that failed, naming the region, the key and the cause.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Why an operation failed, in the terms callers act on.
    package enum Kind: Sendable, Equatable {
        /// Connect error, timeout or 5xx: try another region, retry later.
        case unavailable
        /// Credentials refused.
        case authFailed
        /// No such key (or bucket).
        case notFound
        /// Stored bytes or metadata are not usable.
        case corrupt
        /// Local file-system failure.
        case io
        /// Anything else the server refused.
        case rejected
        /// The caller gave up (its task was cancelled, e.g. at shutdown): nothing is known about the region.
        case cancelled
    }

    /// What kind of failure it is.
    package var kind: Kind
    /// The region.
    package var region: String
    /// The operation (`PUT`, `GET`, `LIST`, …).
    package var operation: String
    /// The key or prefix, when there is one.
    package var key: String?
    /// The underlying cause, one line.
    package var detail: String

    package init(_ kind: Kind, region: String, operation: String, key: String?, detail: String) {
        self.kind = kind
        self.region = region
        self.operation = operation
        self.key = key
        self.detail = detail
    }

    /// True when the region could not be reached or did not answer in time.
    package var isUnavailable: Bool { kind == .unavailable }

    /// One line: `region eu: PUT tm/events/…: unavailable: … (curl 7)`.
    package var description: String { "region \(region): " + withinRegion }

    /// The description without the region (`PUT tm/events/…: unavailable: …`),
    /// for a message or record that names the region already.
    package var withinRegion: String {
        var s = operation
        if let key { s += " \(key)" }
        return s + ": " + detail
    }
}
