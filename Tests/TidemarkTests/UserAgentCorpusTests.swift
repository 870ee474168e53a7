import Testing
import TidemarkCore
import TidemarkIngest
import TidemarkUserAgent

/// The classifier against corpora nobody here wrote (BENCHMARKS.md, "User-agent
/// classification"). Each floor sits below the figure measured when it was
/// set, with the margin stated beside it, so that a data update that makes
/// things clearly worse fails here.
@Suite("User agents: uap-core and crawler-user-agents corpora")
struct UserAgentCorpusTests {
    static let corpus = Result { try UserAgentCorpus.load() }
    static let scores = corpus.map(UserAgentScores.init)

    @Test func dataLoadsAndEveryPatternCompiles() throws {
        try UserAgentClassifier.prepare()
        // uap-core 0.16 and crawler-user-agents 1.67.0 compile under ICU without exception.
        #expect(UserAgents.rejectedPatterns.map(\.origin) == [])
        #expect(UserAgents.patternCount > 2_500)
    }

    @Test func compiledCrawlerPatternsAreTheInstalledPackages() throws {
        let corpus = try Self.corpus.get()
        #expect(CrawlerPatterns.sourceVersion == corpus.crawlerVersion)
        #expect(CrawlerPatterns.sourcePatterns == corpus.crawlerPatterns)
    }

    @Test func evaluationReproducesUAPCoreOwnExpectations() throws {
        let s = try Self.scores.get()
        // Measured 100.00 / 100.00 / 100.00 % (ICU evaluating uap-core's PCRE-style patterns): floors 0.5 point lower.
        #expect(s.engineAgent.rate >= 0.995, "\(s.engineAgent)")
        #expect(s.engineOS.rate >= 0.995, "\(s.engineOS)")
        #expect(s.engineDevice.rate >= 0.995, "\(s.engineDevice)")
        #expect(s.engineAgent.total > 14_000 && s.engineOS.total > 450 && s.engineDevice.total > 16_000)
    }

    @Test func mappedFamiliesAgreeWithUAPCore() throws {
        let s = try Self.scores.get()
        print("browser \(s.browser); os \(s.os); device \(s.device) \(s.deviceMisses)")
        #expect(s.browser.rate >= 0.95, "\(s.browser)")
        #expect(s.os.rate >= 0.95, "\(s.os)")
        #expect(s.device.rate >= 0.95, "\(s.device)")
    }

    @Test func crawlerInstancesAreBots() throws {
        let s = try Self.scores.get()
        print("bot recall \(s.botRecall); missed: \(s.missedBots.prefix(20))")
        #expect(s.botRecall.rate >= 0.95, "\(s.botRecall); missed e.g. \(s.missedBots.prefix(5))")
        #expect(s.botRecall.total > 2_000)
    }

    @Test func peopleAreRarelyBots() throws {
        let s = try Self.scores.get()
        print("people as bots \(s.peopleAsBots): \(s.peopleAsBotsExamples.prefix(20))")
        #expect(s.peopleAsBots.rate <= 0.01, "\(s.peopleAsBots); e.g. \(s.peopleAsBotsExamples.prefix(5))")
        #expect(s.peopleAsBots.total > 15_000)
    }

    @Test(arguments: AgentOverrides.bots.map(\.example))
    func ownBotRowIsNeededAndApplies(_ example: String) {
        let parsed = UserAgents.parse(example)
        #expect(!parsed.crawler && parsed.device != "Spider", "the public data now knows it: drop the row")
        #expect(UserAgentClassifier.classify(example).device == .bot)
    }

    @Test(arguments: AgentOverrides.people.map(\.example))
    func ownPeopleRowIsNeededAndApplies(_ example: String) {
        #expect(UserAgents.parse(example).crawler, "no crawler pattern matches any more: drop the row")
        #expect(UserAgentClassifier.classify(example).device != .bot)
    }
}
