/// `serve:` settings of `tidemark serve` (SPEC §5).
package struct ServeConfiguration: Sendable, Decodable, Equatable {
    /// `ADDR:PORT` to listen on; loopback by default.
    package var listen: String
    /// Name of the environment variable holding the access token; required
    /// to listen anywhere but loopback.
    package var tokenEnv: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case listen
        case tokenEnv = "token_env"
    }

    /// Loopback and no token unless told otherwise.
    package init(listen: String = "127.0.0.1:8787", tokenEnv: String? = nil) {
        self.listen = listen
        self.tokenEnv = tokenEnv
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? ServeConfiguration().listen
        tokenEnv = try c.decodeIfPresent(String.self, forKey: .tokenEnv)
    }
}
