import Foundation

/// First-seen-unreachable times per region, kept on this host in the spool at
/// `{spool}/state/unreachable.json` so a region that is down for one
/// `tidemark status` run does not page anyone.
///
/// Stored as `{"eu":1795000000123}` (region → epoch ms, keys sorted) and a
/// newline (``StateJSON``).
package struct UnreachableMemory: Sendable {
    /// The file.
    package let path: String
    /// Region name → when it was first seen unreachable (epoch ms).
    package private(set) var since: [String: Int64]

    /// `{spool}/state/unreachable.json`.
    package static func path(spool: String) -> String { spool + "/state/unreachable.json" }

    /// The memory at `path`, empty when the file does not exist.
    ///
    /// - Throws: ``StateError`` when the file exists but cannot be read or decoded.
    package init(path: String) throws(StateError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            since = [:]
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(key: path, detail: "cannot read the file")
        }
        since = try StateJSON.decode([String: Int64].self, from: Array(data), key: path)
    }

    /// An empty memory that will be written to `path` (after the old one was unreadable).
    package init(replacing path: String) {
        self.path = path
        since = [:]
    }

    /// Records whether `region` answered at `nowMillis`; returns since when it
    /// has been unreachable, or nil when it is reachable.
    package mutating func update(region: String, reachable: Bool, nowMillis: Int64) -> Int64? {
        if reachable {
            since[region] = nil
            return nil
        }
        let first = since[region] ?? nowMillis
        since[region] = first
        return first
    }

    /// Writes the memory atomically.
    ///
    /// - Throws: ``StateError`` naming the file when it cannot be written.
    package func save() throws(StateError) {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(StateJSON.encode(since)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(key: path, detail: "\(error)")
        }
    }
}
