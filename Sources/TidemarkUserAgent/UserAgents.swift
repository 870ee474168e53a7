import Foundation
import Synchronization
import TidemarkCore

/// Browser, OS and device class of a User-Agent header (SPEC §1), from
/// maintained public data: uap-core's `regexes.yaml` read at run time from
/// the Debian package, the crawler-user-agents patterns compiled in, and a
/// small own table (`AgentOverrides`).
///
/// The data is read, parsed and indexed once, on first use; each regular
/// expression is compiled when an agent first needs it (BENCHMARKS.md,
/// "Collector start"). Each distinct agent is classified once and kept in a
/// bounded cache shared by all threads (the collector's event loops, `ingest`).
package enum UserAgents {
    /// What a user agent says about its sender.
    package struct Agent: Sendable, Hashable {
        /// Browser family (SPEC §1 names) or empty.
        package var browser: String
        /// Operating-system family or empty.
        package var os: String
        /// Device class.
        package var device: Device

        package init(browser: String, os: String, device: Device) {
            self.browser = browser
            self.os = os
            self.device = device
        }
    }

    /// Where uap-core's data is read from (the Debian package `uap-core`).
    package static let regexesPath = UAPCoreRules.defaultPath

    /// Loads the data now (reads and parses uap-core's file, indexes every
    /// pattern's literals; the expressions compile on first use); throws
    /// when the file is missing, unreadable or not uap-core's format.
    /// Entry points (`ingest`, `collect`) call it first so that a missing
    /// package is one clear error instead of empty browser and OS columns.
    package static func prepare() throws(UserAgentError) {
        _ = try loaded.get()
        _ = warming
    }

    /// Classifies `userAgent`; an empty or blank one is a bot (real browsers
    /// always send one). Without uap-core's data (only when `prepare()` was
    /// not called first) browser and OS are empty and only the crawler list
    /// and the own tables decide the device.
    package static func classify(_ userAgent: String) -> Agent {
        if let hit = cache.value(userAgent) { return hit }
        let result = engine.classify(userAgent)
        cache.insert(userAgent, result)
        return result
    }

    /// The raw public-data answer for `userAgent` (tests compare it with uap-core's corpora).
    package static func parse(_ userAgent: String, filtered: Bool = true) -> AgentEngine.Parsed {
        engine.parse(userAgent, filtered: filtered)
    }

    /// Patterns of the public data that ICU refuses (origin and text); compiles every pattern first.
    package static var rejectedPatterns: [(origin: String, pattern: String)] {
        engine.rejected.map { ($0.origin, $0.pattern) }
    }

    /// Number of patterns (uap-core's three lists and the crawler list).
    package static var patternCount: Int { engine.patternCount }

    /// uap-core's file, read and parsed once.
    private static let loaded: Result<UAPCoreRules.Source, UserAgentError> = Result { () throws(UserAgentError) in
        try UAPCoreRules.read(path: regexesPath)
    }

    // Built once (Swift's lazy globals: a caller that arrives while another
    // thread builds it waits for that build).
    private static let engine: AgentEngine = {
        switch loaded {
        case .success(let source): return AgentEngine(uap: source)
        case .failure: return AgentEngine()
        }
    }()

    // `prepare()` returns once the file is parsed; the literal index is built
    // on a thread of its own meanwhile, so a collector listens at once and its
    // first agent rarely waits for it.
    private static let warming: Void = {
        Thread.detachNewThread { _ = engine.patternCount }
    }()

    private static let cache = AgentCache(generationSize: 16_384)
}

/// A bounded, thread-safe map from agent to classification: two generations
/// of at most `generationSize` entries each; when the current one fills it
/// becomes the previous one and the old previous one is dropped, and a hit
/// in the previous generation moves back into the current one (an
/// approximate LRU at dictionary cost).
package final class AgentCache: Sendable {
    private struct Generations {
        var current: [String: UserAgents.Agent] = [:]
        var previous: [String: UserAgents.Agent] = [:]
    }

    private let state = Mutex(Generations())
    private let generationSize: Int

    /// A cache holding at most `2 * generationSize` agents.
    package init(generationSize: Int) { self.generationSize = generationSize }

    /// The cached classification of `key`, if any.
    package func value(_ key: String) -> UserAgents.Agent? {
        state.withLock { g in
            if let hit = g.current[key] { return hit }
            guard let hit = g.previous.removeValue(forKey: key) else { return nil }
            Self.put(key, hit, into: &g, limit: generationSize)
            return hit
        }
    }

    /// Remembers `value` for `key`.
    package func insert(_ key: String, _ value: UserAgents.Agent) {
        state.withLock { Self.put(key, value, into: &$0, limit: generationSize) }
    }

    private static func put(_ key: String, _ value: UserAgents.Agent, into g: inout Generations, limit: Int) {
        if g.current.count >= limit {
            g.previous = g.current
            g.current = [:]
            g.current.reserveCapacity(limit)
        }
        g.current[key] = value
    }
}
