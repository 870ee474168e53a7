/// The bearer token of `serve.token_env`. It is compared in constant time
/// and never printed: its description is a placeholder.
package struct AccessToken: Sendable, CustomStringConvertible {
    private let secret: [UInt8]

    /// Shortest token accepted, in bytes.
    package static let minimumBytes = 16

    /// A token from the environment variable's value; throws when it is too short to resist guessing.
    package init(_ value: String, variable: String) throws {
        guard value.utf8.count >= Self.minimumBytes else {
            throw ServeError.configuration(
                "serve.token_env: \(variable) holds fewer than \(Self.minimumBytes) bytes; use a long random token")
        }
        secret = Array(value.utf8)
    }

    /// Whether `given` is the token. Takes time that depends on the length
    /// of `given` only, never on where it first differs from the secret.
    package func matches(_ given: some Collection<UInt8>) -> Bool {
        var diff: UInt8 = given.count == secret.count ? 0 : 1
        for (i, byte) in given.enumerated() { diff |= byte ^ secret[i % secret.count] }
        return diff == 0
    }

    /// Whether an `Authorization` header value is `Bearer <token>`.
    package func matches(authorization: String?) -> Bool {
        guard let authorization else { return false }
        let bytes = Array(authorization.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count,
            zip(bytes.prefix(scheme.count), scheme).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 })
        else { return false }
        return matches(bytes[scheme.count...])
    }

    package var description: String { "<access token>" }
}
