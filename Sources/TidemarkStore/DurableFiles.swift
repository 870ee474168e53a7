import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file operations: write to a temporary file, fsync, then rename
/// or link into place, and fsync the directory so the name survives a crash.
package enum DurableFiles {
    /// A failed system call, with the path and errno text.
    package struct Failure: Error, CustomStringConvertible {
        /// The path involved.
        package var path: String
        /// What failed.
        package var detail: String
        package var description: String { "\(path): \(detail)" }

        package init(path: String, detail: String) {
            self.path = path
            self.detail = detail
        }
    }

    /// How `write` treats an existing file.
    package enum Mode: Sendable {
        /// Replace it atomically.
        case replace
        /// Leave it and report `false`.
        case createOnly
    }

    /// Writes `bytes` to `path` durably; returns false when `createOnly`
    /// found the file already there.
    @discardableResult
    package static func write(_ bytes: [UInt8], to path: String, mode: Mode = .replace) throws -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        try makeDirectories(dir)
        let name = (path as NSString).lastPathComponent
        let tmp = dir + "/.tmp-" + name + "-" + UUID().uuidString
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(tmp, "open") }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        do {
            defer { close(fd) }
            try bytes.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress.map { $0 + off }, raw.count - off)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw failure(tmp, "write")
                    }
                    off += n
                }
            }
            guard fsync(fd) == 0 else { throw failure(tmp, "fsync") }
        }
        switch mode {
        case .replace:
            guard rename(tmp, path) == 0 else { throw failure(path, "rename") }
            ok = true
        case .createOnly:
            // link() fails with EEXIST atomically, unlike a check-then-rename.
            if link(tmp, path) != 0 {
                let err = errno
                unlink(tmp)
                ok = true
                if err == EEXIST { return false }
                errno = err
                throw failure(path, "link")
            }
            unlink(tmp)
            ok = true
        }
        try syncDirectory(dir)
        return true
    }

    /// Reads a whole file; nil when it does not exist.
    package static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure(path, "open")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(path, "fstat") }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var off = 0
        try out.withUnsafeMutableBytes { raw in
            while off < raw.count {
                let n = Glibc.read(fd, raw.baseAddress.map { $0 + off }, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, "read")
                }
                if n == 0 { break }
                off += n
            }
        }
        if off < out.count { out.removeSubrange(off...) }
        return out
    }

    /// Removes a file (missing is fine) and, when `sync` is true, syncs its
    /// directory so the removal survives a crash. Pass false only where a
    /// removal lost in a crash is harmless (it is redone or its file is
    /// recognised as stale).
    package static func remove(_ path: String, sync: Bool = true) throws {
        if unlink(path) != 0 {
            if errno == ENOENT { return }
            throw failure(path, "unlink")
        }
        if sync { try syncDirectory((path as NSString).deletingLastPathComponent) }
    }

    /// Creates a directory and its parents.
    package static func makeDirectories(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: path, detail: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// fsyncs a directory so renames and unlinks in it are durable.
    package static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(path, "fsync directory") }
    }

    private static func failure(_ path: String, _ call: String) -> Failure {
        Failure(path: path, detail: "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
