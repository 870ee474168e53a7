/// Argument checks done before a request is sent, so bad input never reaches the wire.
enum S3Validation {
    /// Keys are 1…1024 UTF-8 bytes without NUL.
    static func validate(key: String, _ context: S3Error.Context) throws(S3Error) {
        let count = key.utf8.count
        guard count > 0, count <= 1024, !key.utf8.contains(0) else {
            throw S3Error(.invalidRequest, context, detail: "key must be 1 to 1024 bytes without NUL")
        }
    }

    /// Metadata names are non-empty `A-Z a-z 0-9 - _` (stored lowercased).
    static func validate(metadataName name: String, _ context: S3Error.Context) throws(S3Error) {
        let valid = !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default:
                false
            }
        }
        guard valid else {
            throw S3Error(.invalidRequest, context, detail: "metadata name '\(name)' must be A-Z a-z 0-9 - _")
        }
    }

    /// Metadata values are non-empty header values: an empty `x-amz-meta-*` header is answered with
    /// 400 MissingFields by SeaweedFS (measured), so it is refused before it is sent.
    static func validate(metadataValue value: String, of name: String, _ context: S3Error.Context) throws(S3Error) {
        guard !value.isEmpty else {
            throw S3Error(.invalidRequest, context, detail: "metadata \(name) must not be empty")
        }
        try validate(headerValue: value, of: "metadata \(name)", context)
    }

    /// Header values are printable ASCII without leading or trailing spaces, which SigV4 would trim.
    static func validate(headerValue value: String, of label: String, _ context: S3Error.Context) throws(S3Error) {
        let printable = value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        guard printable, !value.hasPrefix(" "), !value.hasSuffix(" ") else {
            throw S3Error(
                .invalidRequest, context,
                detail: "\(label) must be printable ASCII without leading or trailing spaces"
            )
        }
    }
}
