import TidemarkCore

/// The compiled public data (uap-core's parsers and the crawler list) and
/// the rules that turn what they say into SPEC §1's browser, OS and device.
///
/// Order of the device decision: an empty agent, a row of Tidemark's own
/// bot table, uap-core's `Spider` device or a crawler-list pattern (unless a
/// row of the own people table explains the match) make a bot; then tablet,
/// phone and desktop from uap-core's device family and the agent's tokens
/// (uap-core names devices, not device classes).
package struct AgentEngine: Sendable {
    /// What the public data says about one agent, before any mapping.
    package struct Parsed: Sendable, Hashable {
        /// uap-core user-agent family (`Other` when none matched).
        package var agent = "Other"
        /// uap-core OS family.
        package var os = "Other"
        /// uap-core device family (`Spider` marks bots).
        package var device = "Other"
        /// Whether a crawler-user-agents pattern matched.
        package var crawler = false
    }

    private let patternSet: PatternSet
    private let uap: UAPCoreRules?
    private let crawlers: [Int]
    /// Patterns ICU refuses, with their origin (compiles every pattern first).
    var rejected: [PatternSet.Rejected] { patternSet.refused() }
    /// Number of patterns.
    var patternCount: Int { patternSet.patterns.count }

    /// uap-core's parsers from `source`, then the crawler list.
    init(uap source: UAPCoreRules.Source) {
        var set = PatternSet()
        let rules = UAPCoreRules(source, into: &set)
        self.init(uap: rules, set: set)
    }

    /// The crawler list and the own tables only (browser and OS stay unknown).
    init() { self.init(uap: nil, set: PatternSet()) }

    private init(uap: UAPCoreRules?, set: PatternSet) {
        var set = set
        crawlers = CrawlerPatterns.add(into: &set)
        self.uap = uap
        patternSet = set
    }

    /// The raw families and crawler verdict for `userAgent`; with `filtered`
    /// false every pattern runs (no literal prefilter), which tests compare against.
    package func parse(_ userAgent: String, filtered: Bool = true) -> Parsed {
        let text = AgentText(userAgent)
        let admitted = filtered ? patternSet.admitted(text) : [Bool](repeating: true, count: patternSet.patterns.count)
        return parse(text, admitted: admitted, needCrawler: true)
    }

    private func parse(_ text: AgentText, admitted: [Bool], needCrawler: Bool) -> Parsed {
        var parsed = Parsed()
        if let uap {
            parsed.agent = uap.family(.agent, in: text, admitted: admitted, set: patternSet)
            parsed.os = uap.family(.os, in: text, admitted: admitted, set: patternSet)
            parsed.device = uap.family(.device, in: text, admitted: admitted, set: patternSet)
        }
        if needCrawler || parsed.device != "Spider" {
            parsed.crawler = crawlers.contains { admitted[$0] && patternSet.firstMatch($0, in: text) != nil }
        }
        return parsed
    }

    /// SPEC §1 browser, OS and device of `userAgent`.
    func classify(_ userAgent: String) -> UserAgents.Agent {
        if userAgent.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return UserAgents.Agent(browser: "", os: "", device: .bot)
        }
        let text = AgentText(userAgent)
        let ownBot = AgentOverrides.bots.contains { userAgent.utf8.contains(subsequence: $0.marker.utf8) }
        let parsed = parse(text, admitted: patternSet.admitted(text), needCrawler: !ownBot)
        let browser = FamilyNames.browser(parsed.agent)
        let os = FamilyNames.os(parsed.os)
        let person = AgentOverrides.people.contains { userAgent.utf8.contains(subsequence: $0.marker.utf8) }
        let device: Device
        if ownBot || parsed.device == "Spider" || (parsed.crawler && !person) {
            device = .bot
        } else {
            device = Self.deviceClass(userAgent, family: parsed.device, os: os)
        }
        return UserAgents.Agent(browser: browser, os: os, device: device)
    }

    /// Tablet, phone or desktop for an agent that is not a bot.
    package static func deviceClass(_ userAgent: String, family: String, os: String) -> Device {
        let ua = userAgent.utf8
        func has(_ markers: [String]) -> Bool { markers.contains { ua.contains(subsequence: $0.utf8) } }
        if AgentOverrides.tabletFamilies.contains(family)
            || (has(AgentOverrides.tabletMarkers) && !has(AgentOverrides.notTabletMarkers))
            || (os == "Android" && !ua.contains(subsequence: "Mobile".utf8))
        {
            return .tablet
        }
        if AgentOverrides.mobileFamilies.contains(family) || has(AgentOverrides.mobileMarkers) { return .mobile }
        return .desktop
    }
}

extension String.UTF8View {
    /// Whether `needle`'s bytes occur contiguously in these bytes.
    func contains(subsequence needle: String.UTF8View) -> Bool {
        let n = needle.count
        guard n > 0 else { return true }
        guard n <= count, let first = needle.first else { return false }
        var i = startIndex
        let lastStart = index(endIndex, offsetBy: -n)
        while i <= lastStart {
            if self[i] == first, self[i...].starts(with: needle) { return true }
            i = index(after: i)
        }
        return false
    }
}
