import TidemarkCore
import TidemarkUserAgent

/// Browser, operating system and device class from a User-Agent header, for
/// the enricher (collector and `ingest`). The knowledge is public data, see
/// `TidemarkUserAgent.UserAgents`: uap-core (Debian package) for families,
/// crawler-user-agents for bots, plus a small own table with reasons.
/// `Fixtures/user-agents.tsv` holds rows the tests check one by one.
package enum UserAgentClassifier {
    /// What a user agent says about its sender.
    package typealias Classification = UserAgents.Agent

    /// Loads the user-agent data now (once); throws when uap-core is missing.
    package static func prepare() throws(UserAgentError) {
        try UserAgents.prepare()
    }

    /// Classifies `userAgent`; an empty one is a bot (real browsers always send one).
    package static func classify(_ userAgent: String) -> Classification {
        UserAgents.classify(userAgent)
    }
}
