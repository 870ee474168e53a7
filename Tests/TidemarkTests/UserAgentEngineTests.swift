import Testing
import TidemarkCore
import TidemarkIngest
import TidemarkUserAgent

@Suite("User agents: literal prefilter, cache, family names")
struct UserAgentEngineTests {
    @Test(arguments: [
        (#"Googlebot\/"#, false, ["Googlebot/"], false),
        (#"(Firefox)/(\d+)\.(\d+)"#, false, ["Firefox"], false),
        ("a|bc", false, ["a", "bc"], false),
        ("(?:Foo|Bar)baz", false, ["Foo", "Bar"], false),
        ("x?abc", false, ["abc"], false),
        ("ab+c", false, ["ab"], false),
        ("(?!bot)Mozilla", false, ["Mozilla"], false),
        ("(?<!Cu)Bot[a-z]", false, ["Bot"], false),
        ("[Bb]ot", false, ["bot"], true),
        ("foo(bar)?", false, ["foo"], false),
        (#"\bcrawl(?:er)?\b"#, false, ["crawl"], false),
        (#"\d+x{2,}"#, false, ["x"], false),
        ("(?i)CUBOT", false, ["cubot"], true),
        ("Tablet", true, ["tablet"], true),
        ("Café", true, ["caf"], true),
        ("(?:[Ss][Pp]ider|[Cc]rawl)", false, ["spider", "crawl"], true),
        (#"^.{0,200}?((?:[A-z0-9]{1,50}|)(?:[Ss]crape)[A-z0-9]{0,50})"#, false, ["scrape"], true),
    ])
    func requiredLiterals(_ pattern: String, _ caseInsensitive: Bool, _ expected: [String], _ folded: Bool) {
        let r = RequiredLiterals(pattern: pattern, caseInsensitive: caseInsensitive)
        #expect(r.literals?.map { String(decoding: $0, as: UTF8.self) } == expected)
        #expect(r.caseFolded == folded)
    }

    @Test(arguments: [".*", "(a|)", "a?|b", "(?:x)*y?", "[abc]+", #"\d+"#, "(unbalanced"])
    func noLiteralMeansAlwaysRun(_ pattern: String) {
        #expect(RequiredLiterals(pattern: pattern, caseInsensitive: false).literals == nil)
    }

    /// The prefilter never changes an answer: filtered and unfiltered evaluation
    /// agree on a sample of every corpus (each filtered-out pattern would not have matched).
    @Test func prefilterAgreesWithRunningEveryPattern() throws {
        let corpus = try UserAgentCorpusTests.corpus.get()
        let all = corpus.agents.map(\.userAgent) + corpus.systems.map(\.userAgent) + corpus.devices.map(\.userAgent)
            + corpus.crawlerInstances
        let sample = stride(from: 0, to: all.count, by: 60).map { all[$0] }
        #expect(sample.count > 300)
        for ua in sample {
            #expect(UserAgents.parse(ua) == UserAgents.parse(ua, filtered: false), "\(ua)")
        }
    }

    @Test(arguments: [
        ("Chrome Mobile", "Chrome"), ("Chrome Mobile iOS", "Chrome"), ("HeadlessChrome", "Chrome"),
        ("Firefox iOS", "Firefox"), ("Mobile Safari", "Safari"), ("Mobile Safari UI/WKWebView", "Safari"),
        ("Edge Mobile", "Edge"), ("Opera Mini", "Opera"), ("IE", "Internet Explorer"), ("Amazon Silk", "Silk"),
        ("Samsung Internet", "Samsung Internet"), ("Other", ""),
    ])
    func browserNames(_ family: String, _ name: String) {
        #expect(FamilyNames.browser(family) == name)
    }

    @Test(arguments: [
        ("Mac OS X", "macOS"), ("Ubuntu", "Linux"), ("Fedora", "Linux"), ("Windows", "Windows"), ("iOS", "iOS"),
        ("Chrome OS", "Chrome OS"), ("Other", ""),
    ])
    func systemNames(_ family: String, _ name: String) {
        #expect(FamilyNames.os(family) == name)
    }

    /// Many threads classifying overlapping agents get the same answers as one
    /// thread, while the bounded cache turns over.
    @Test func concurrentClassificationIsConsistent() async throws {
        let corpus = try UserAgentCorpusTests.corpus.get()
        let agents = Array(corpus.devices.prefix(400).map(\.userAgent))
        let expected = agents.map { UserAgentClassifier.classify($0) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    agents.indices.shuffled().prefix(300 + worker).filter { UserAgentClassifier.classify(agents[$0]) != expected[$0] }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func cacheKeepsRecentAgentsWithinItsBound() {
        let cache = AgentCache(generationSize: 2)
        let agent = UserAgents.Agent(browser: "Firefox", os: "Linux", device: .desktop)
        cache.insert("a", agent)
        cache.insert("b", agent)
        cache.insert("c", agent)  // a and b become the previous generation
        #expect(cache.value("a") == agent)  // promoted back into the current one
        cache.insert("d", agent)  // current {c, a} becomes previous; b is dropped
        #expect(cache.value("b") == nil)
        #expect(cache.value("a") == agent && cache.value("c") == agent && cache.value("d") == agent)
    }
}
