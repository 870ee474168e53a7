/// What `tidemark serve` runs with (SPEC §5 `serve:`), checked before it
/// starts: off loopback it needs an access token.
package struct ServeSettings: Sendable {
    /// Where to listen.
    package var listen: ListenAddress
    /// Required of every request when set.
    package var token: AccessToken?
    /// Longest range served, in days (a year and its comparison fit).
    package var maxRangeDays: Int
    /// How long a site listing is reused before the regions are listed again.
    package var siteListSeconds: Int

    /// The default listen address: loopback only.
    package static let defaultListen = "127.0.0.1:8787"
    /// The default `maxRangeDays`.
    package static let defaultMaxRangeDays = 366

    /// Memberwise initialiser, for tests.
    package init(listen: ListenAddress, token: AccessToken?, maxRangeDays: Int = defaultMaxRangeDays, siteListSeconds: Int = 10) {
        self.listen = listen
        self.token = token
        self.maxRangeDays = maxRangeDays
        self.siteListSeconds = siteListSeconds
    }

    /// Settings from the configuration: `listen` (`--listen`, else
    /// `serve.listen`, else loopback) and `tokenEnv` (`serve.token_env`),
    /// whose variable is looked up in `environment`. Throws when the
    /// address is not loopback and no token is set, or the token is short.
    package static func resolve(listen text: String, tokenEnv: String?, environment: [String: String]) throws
        -> ServeSettings
    {
        let listen = try ListenAddress(parsing: text)
        var token: AccessToken?
        if let tokenEnv, !tokenEnv.isEmpty {
            guard let value = environment[tokenEnv], !value.isEmpty else {
                throw ServeError.configuration(
                    "serve.token_env names \(tokenEnv), but that environment variable is not set")
            }
            token = try AccessToken(value, variable: tokenEnv)
        }
        if !listen.isLoopback && token == nil {
            throw ServeError.configuration(
                "refusing to listen on \(listen) without an access token: anyone who can reach it could read every "
                    + "report. Set serve.token_env to the name of an environment variable holding a token, or listen "
                    + "on 127.0.0.1")
        }
        return ServeSettings(listen: listen, token: token)
    }
}
