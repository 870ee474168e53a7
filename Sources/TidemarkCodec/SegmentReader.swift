#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Verifies a segment's bytes and hands out its NDJSON lines.
package enum SegmentReader {
    /// Checks `bytes` against the full SHA-256 from metadata and, when the key
    /// carries one, the 16-hex prefix in its name. Runs before inflating:
    /// zlib reports a bad CRC only after handing out the bad bytes.
    package static func verify(
        _ bytes: [UInt8], sha256 expected: String?, keyPrefix: String?, key: String
    ) throws -> String {
        guard let expected else { throw CodecError.missingChecksum(key: key) }
        let actual = Checksum.sha256Hex(bytes)
        guard actual == expected.lowercased() else {
            throw CodecError.checksumMismatch(expected: expected, actual: actual, key: key)
        }
        if let keyPrefix, !actual.hasPrefix(keyPrefix) {
            throw CodecError.checksumMismatch(expected: keyPrefix + "…", actual: actual, key: key)
        }
        return actual
    }

    /// Inflates a verified gzip stream and calls `line` with each line, without
    /// its newline (blank lines included, so callers can count line numbers).
    package static func forEachLine(
        in gzip: [UInt8], key: String, _ line: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var splitter = LineSplitter()
        let inflater = try GzipInflater()
        do {
            try gzip.withUnsafeBytes { raw in
                try inflater.write(raw) { piece in try splitter.feed(piece, line) }
            }
            try inflater.finish()
            try splitter.finish(line)
        } catch let error as CodecError {
            throw error.at(key: key)
        }
    }
}

/// Splits a byte stream into lines across chunk boundaries.
package struct LineSplitter {
    private var carry: [UInt8] = []

    package init() {}

    /// Emits every complete line in `chunk`; keeps the unfinished tail.
    package mutating func feed(
        _ chunk: UnsafeRawBufferPointer, _ line: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        var start = 0
        let count = chunk.count
        while start < count {
            guard let nl = Self.indexOfNewline(chunk, from: start) else {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<count]))
                return
            }
            if carry.isEmpty {
                try line(Self.trimCR(UnsafeRawBufferPointer(rebasing: chunk[start..<nl])))
            } else {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<nl]))
                let whole = carry
                carry.removeAll(keepingCapacity: true)
                try whole.withUnsafeBytes { (b) in try line(Self.trimCR(b)) }
            }
            start = nl + 1
        }
    }

    /// Emits the last line when the stream does not end in a newline.
    package mutating func finish(_ line: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard !carry.isEmpty else { return }
        let whole = carry
        carry.removeAll()
        try whole.withUnsafeBytes { (b) in try line(Self.trimCR(b)) }
    }

    private static func indexOfNewline(_ b: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = b.baseAddress else { return nil }
        let remaining = b.count - from
        guard let hit = memchr(base + from, 0x0A, remaining) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    private static func trimCR(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = b.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: b[0..<(b.count - 1)]) }
        return b
    }
}
