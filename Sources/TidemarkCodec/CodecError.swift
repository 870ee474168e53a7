/// A segment or gzip stream that could not be written or read.
package struct CodecError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case checksumMismatch(expected: String, actual: String)
        case missingChecksum
        case truncated
        case corrupt(String)
        case zlib(Int32, String)
    }

    private let code: Code
    /// The object key the bytes belong to, when known.
    package var key: String?

    private init(_ code: Code, key: String? = nil) {
        self.code = code
        self.key = key
    }

    /// The bytes do not hash to the SHA-256 their metadata or key promises.
    package static func checksumMismatch(expected: String, actual: String, key: String?) -> CodecError {
        CodecError(.checksumMismatch(expected: expected, actual: actual), key: key)
    }
    /// The object carries no SHA-256 to verify against.
    package static func missingChecksum(key: String?) -> CodecError { CodecError(.missingChecksum, key: key) }
    /// The gzip stream ends inside a member.
    package static let truncated = CodecError(.truncated)
    /// The gzip stream is not valid (bad header, bad CRC, garbage).
    package static func corrupt(_ why: String) -> CodecError { CodecError(.corrupt(why)) }
    /// zlib refused to start or work.
    package static func zlib(_ status: Int32, _ what: String) -> CodecError { CodecError(.zlib(status, what)) }

    /// A copy of this error naming `key`.
    package func at(key: String) -> CodecError { CodecError(code, key: key) }

    /// True when the bytes are not what was written: another replica may be good.
    package var isCorruption: Bool {
        switch code {
        case .zlib: false
        default: true
        }
    }

    package var description: String {
        let what: String
        switch code {
        case .checksumMismatch(let expected, let actual):
            what = "checksum mismatch: expected sha256 \(expected), got \(actual)"
        case .missingChecksum: what = "no sha256 metadata to verify against"
        case .truncated: what = "gzip stream is truncated"
        case .corrupt(let why): what = "gzip stream is corrupt: \(why)"
        case .zlib(let status, let op): what = "zlib \(op) failed with status \(status)"
        }
        if let key { return "\(key): \(what)" }
        return what
    }
}
