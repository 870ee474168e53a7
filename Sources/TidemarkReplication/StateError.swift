/// A state object (watermark, job record, repair hint, report manifest, the spool's memory of
/// unreachable regions) that could not be read, decoded or written, naming the key or
/// file and the region where it failed. Readers fail closed on it: unreadable
/// state never counts as "done", "complete" or "empty".
package struct StateError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case unreadable
        case undecodable
        case unwritable
    }

    private let code: Code
    /// The object key, or the local file path.
    package let key: String
    /// The region that served the bytes; nil for a local file or when no region did.
    package let region: String?
    /// What went wrong, one line.
    package let detail: String

    private init(_ code: Code, key: String, region: String?, detail: String) {
        self.code = code
        self.key = key
        self.region = region
        self.detail = detail
    }

    /// No copy of `key` could be read (every region failed, or the file could not be opened).
    package static func unreadable(key: String, region: String? = nil, detail: String) -> StateError {
        StateError(.unreadable, key: key, region: region, detail: detail)
    }

    /// The bytes of `key` are not the state object they should be.
    package static func undecodable(key: String, region: String? = nil, detail: String) -> StateError {
        StateError(.undecodable, key: key, region: region, detail: detail)
    }

    /// `key` could not be written.
    package static func unwritable(key: String, region: String? = nil, detail: String) -> StateError {
        StateError(.unwritable, key: key, region: region, detail: detail)
    }

    package var description: String {
        let place = region.map { "\(key) in region \($0)" } ?? key
        switch code {
        case .unreadable: return "state \(place) could not be read: \(detail)"
        case .undecodable: return "state \(place) is not valid: \(detail)"
        case .unwritable: return "state \(place) could not be written: \(detail)"
        }
    }
}
