import Foundation

/// A region kept in a local directory (`file://`), the embedded default.
///
/// Each object lives at `{root}/{key}` so DuckDB or Spark read the tree like a
/// bucket; its SHA-256 lives beside it in `{key}.sha256`, in `sha256sum`
/// format, so `sha256sum -c` checks a replica by hand.
package struct FileStore: ObjectStore {
    package let name: String
    /// The directory that plays the bucket.
    package let root: String
    /// Priority of its file work (the collector writes at `.background`).
    package let priority: BlockingIO.Priority

    static let sidecarSuffix = ".sha256"

    package init(name: String, root: String, priority: BlockingIO.Priority = .normal) {
        self.name = name
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.priority = priority
    }

    package func prepare() async throws {
        try await io("PREPARE", nil) { try DurableFiles.makeDirectories(root) }
    }

    package func put(_ key: String, bytes: [UInt8], sha256: String, contentType: String, ifAbsent: Bool)
        async throws -> PutOutcome
    {
        let path = try self.path(for: key, operation: "PUT")
        return try await io("PUT", key) {
            // Sidecar first: an object never exists without its checksum.
            let fileName = (key as NSString).lastPathComponent
            let sidecar = Array("\(sha256)  \(fileName)\n".utf8)
            if ifAbsent, FileManager.default.fileExists(atPath: path) { return .alreadyExists }
            try DurableFiles.write(sidecar, to: path + Self.sidecarSuffix)
            let created = try DurableFiles.write(bytes, to: path, mode: ifAbsent ? .createOnly : .replace)
            return created ? .created : .alreadyExists
        }
    }

    package func get(_ key: String) async throws -> StoredObject {
        let path = try self.path(for: key, operation: "GET")
        let found: StoredObject? = try await io("GET", key) {
            guard let bytes = try DurableFiles.read(path) else { return nil }
            return StoredObject(bytes: bytes, sha256: try Self.readSidecar(path))
        }
        guard let found else { throw StoreError(.notFound, region: name, operation: "GET", key: key, detail: "no such key") }
        return found
    }

    package func head(_ key: String) async throws -> ObjectInfo {
        let path = try self.path(for: key, operation: "HEAD")
        let found: ObjectInfo? = try await io("HEAD", key) {
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
                let size = attrs[.size] as? NSNumber
            else { return nil }
            return ObjectInfo(size: size.intValue, sha256: try Self.readSidecar(path))
        }
        guard let found else {
            throw StoreError(.notFound, region: name, operation: "HEAD", key: key, detail: "no such key")
        }
        return found
    }

    package func delete(_ key: String) async throws {
        let path = try self.path(for: key, operation: "DELETE")
        try await io("DELETE", key) {
            try DurableFiles.remove(path)
            try DurableFiles.remove(path + Self.sidecarSuffix)
        }
    }

    package func list(prefix: String) async throws -> [ListedObject] {
        let root = self.root
        return try await io("LIST", prefix) {
            // Walk only the deepest directory the prefix names.
            let dirPart = prefix.contains("/") ? String(prefix[..<(prefix.lastIndex(of: "/") ?? prefix.startIndex)]) : ""
            let start = dirPart.isEmpty ? root : root + "/" + dirPart
            var out: [ListedObject] = []
            guard let walker = FileManager.default.enumerator(atPath: start) else { return [] }
            while let rel = walker.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".tmp-") || name.hasSuffix(Self.sidecarSuffix) { continue }
                let key = dirPart.isEmpty ? rel : dirPart + "/" + rel
                guard key.hasPrefix(prefix) else { continue }
                guard let attrs = walker.fileAttributes, (attrs[.type] as? FileAttributeType) == .typeRegular
                else { continue }
                out.append(ListedObject(key: key, size: (attrs[.size] as? NSNumber)?.intValue ?? 0))
            }
            out.sortByKey()
            return out
        }
    }

    package func listFolders(prefix: String) async throws -> [String] {
        let root = self.root
        return try await io("LIST", prefix) {
            let dirPart = prefix.contains("/") ? String(prefix[..<(prefix.lastIndex(of: "/") ?? prefix.startIndex)]) : ""
            let namePrefix = prefix.contains("/") ? String(prefix[prefix.index(after: prefix.lastIndex(of: "/") ?? prefix.startIndex)...]) : prefix
            let dir = dirPart.isEmpty ? root : root + "/" + dirPart
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
            var out: [String] = []
            for name in names where name.hasPrefix(namePrefix) && !name.hasPrefix(".") {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir), isDir.boolValue {
                    out.append((dirPart.isEmpty ? "" : dirPart + "/") + name + "/")
                }
            }
            return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    private static func readSidecar(_ path: String) throws -> String? {
        guard let bytes = try DurableFiles.read(path + sidecarSuffix) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    private func path(for key: String, operation: String) throws -> String {
        // A key must not escape the root or hide in a dot-directory.
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
            !key.hasSuffix(Self.sidecarSuffix), !(parts.last ?? "").hasPrefix(".tmp-")
        else {
            throw StoreError(.rejected, region: name, operation: operation, key: key, detail: "key not allowed in a local region")
        }
        return root + "/" + key
    }

    private func io<T: Sendable>(_ operation: String, _ key: String?, _ work: @escaping @Sendable () throws -> T)
        async throws -> T
    {
        do {
            return try await BlockingIO.run(priority, work)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, region: name, operation: operation, key: key, detail: "\(error)")
        }
    }
}
