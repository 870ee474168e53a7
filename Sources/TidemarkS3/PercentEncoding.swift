/// SigV4-canonical percent-encoding: every byte except `A-Z a-z 0-9 - _ . ~` becomes `%XX` (uppercase hex).
///
/// curl signs the URL exactly as given and S3 canonicalises it this way, so the two must agree
/// byte for byte or the server answers 403 SignatureDoesNotMatch.
enum PercentEncoding {
    /// Encodes an object key for the URL path; `/` stays literal as a path separator.
    static func path(_ value: String) -> String {
        encode(value, keepingSlash: true)
    }

    /// Encodes a query parameter name or value; `/` is encoded too.
    static func query(_ value: String) -> String {
        encode(value, keepingSlash: false)
    }

    /// A canonical query string: parameters sorted by encoded name (then value), `name=value` joined by `&`.
    static func canonicalQuery(_ parameters: [(name: String, value: String)]) -> String {
        parameters
            .map { (name: query($0.name), value: query($0.value)) }
            .sorted { ($0.name, $0.value) < ($1.name, $1.value) }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func encode(_ value: String, keepingSlash: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
