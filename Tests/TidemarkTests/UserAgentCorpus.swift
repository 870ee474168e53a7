import Foundation
import TidemarkCore
import TidemarkIngest
import TidemarkTesting
import TidemarkUserAgent
import Yams

/// Corpora nobody here wrote: uap-core's own test files (Debian package
/// `uap-core`) and the real crawler instances of PyPI `crawler-user-agents`
/// (in the test venv); both installed by scripts/setup.sh.
struct UserAgentCorpus: Sendable {
    /// One expectation from a uap-core test file.
    struct Case: Sendable {
        var userAgent: String
        var family: String
    }

    /// `tests/test_ua.yaml` and the browser files of `test_resources/`.
    var agents: [Case] = []
    /// `tests/test_os.yaml` and `test_resources/additional_os_tests.yaml`.
    var systems: [Case] = []
    /// `tests/test_device.yaml`.
    var devices: [Case] = []
    /// Every `instances` entry of crawler-user-agents.
    var crawlerInstances: [String] = []
    /// Every `pattern` of the installed crawler-user-agents, in order.
    var crawlerPatterns: [String] = []
    /// Its version.
    var crawlerVersion = ""

    static let uapRoot = "/usr/share/uap-core"

    /// Loads both corpora; throws when either is missing (run scripts/setup.sh).
    static func load() throws -> UserAgentCorpus {
        var corpus = UserAgentCorpus()
        corpus.agents = try [
            "tests/test_ua.yaml", "test_resources/firefox_user_agent_strings.yaml",
            "test_resources/opera_mini_user_agent_strings.yaml", "test_resources/pgts_browser_list.yaml",
            "test_resources/podcasting_user_agent_strings.yaml",
        ].flatMap(cases)
        corpus.systems = try ["tests/test_os.yaml", "test_resources/additional_os_tests.yaml"].flatMap(cases)
        corpus.devices = try cases("tests/test_device.yaml")
        let package = try crawlerPackage()
        let data = try Data(contentsOf: package.appendingPathComponent("crawler-user-agents.json"))
        guard let entries = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CorpusError("crawler-user-agents.json is not a list of objects")
        }
        for entry in entries {
            guard let pattern = entry["pattern"] as? String else { throw CorpusError("an entry has no pattern") }
            corpus.crawlerPatterns.append(pattern)
            corpus.crawlerInstances += entry["instances"] as? [String] ?? []
        }
        corpus.crawlerVersion = try crawlerVersion(near: package)
        return corpus
    }

    private static func cases(_ file: String) throws -> [Case] {
        let text = try String(contentsOfFile: uapRoot + "/" + file, encoding: .utf8)
        struct File: Decodable {
            struct Entry: Decodable {
                var user_agent_string: String
                var family: String
            }
            var test_cases: [Entry]
        }
        return try YAMLDecoder().decode(File.self, from: text).test_cases.map {
            Case(userAgent: $0.user_agent_string, family: $0.family)
        }
    }

    /// `site-packages/crawleruseragents` in `$TIDEMARK_VENV` or the package's `.tidemark-test/venv`.
    private static func crawlerPackage() throws -> URL {
        let venv: URL
        if let given = ProcessInfo.processInfo.environment["TIDEMARK_VENV"], !given.isEmpty {
            venv = URL(fileURLWithPath: given)
        } else {
            venv = try TestDirectories.packageRoot().appendingPathComponent(".tidemark-test/venv")
        }
        let lib = venv.appendingPathComponent("lib")
        for python in (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? [] {
            let candidate = lib.appendingPathComponent(python).appendingPathComponent("site-packages/crawleruseragents")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("crawler-user-agents.json").path) {
                return candidate
            }
        }
        throw CorpusError("crawler-user-agents is not installed in \(venv.path) (run scripts/setup.sh)")
    }

    private static func crawlerVersion(near package: URL) throws -> String {
        let sitePackages = package.deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: sitePackages.path)
        guard let info = names.first(where: { $0.hasPrefix("crawler_user_agents-") && $0.hasSuffix(".dist-info") }) else {
            throw CorpusError("no crawler_user_agents-*.dist-info in \(sitePackages.path)")
        }
        return String(info.dropFirst("crawler_user_agents-".count).dropLast(".dist-info".count))
    }

    struct CorpusError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Agreement and error rates of the classifier on the corpora, as counts.
struct UserAgentScores: Sendable {
    /// A share: `hits` of `total`.
    struct Share: Sendable, CustomStringConvertible {
        var hits = 0
        var total = 0
        var rate: Double { total == 0 ? 0 : Double(hits) / Double(total) }
        var description: String { "\(hits)/\(total) = \(String(format: "%.2f", rate * 100)) %" }
        mutating func count(_ hit: Bool) {
            total += 1
            if hit { hits += 1 }
        }
    }

    /// Raw uap-core families from our evaluation equal the file's expectation.
    var engineAgent = Share(), engineOS = Share(), engineDevice = Share()
    /// Mapped (SPEC §1) families equal the mapped expectation.
    var browser = Share(), os = Share()
    /// Device class equals the class the expected device family names (bot, tablet, phone).
    var device = Share()
    /// Crawler instances classified as bots.
    var botRecall = Share()
    /// uap-core device-corpus agents that uap-core does not call `Spider`, classified as bots.
    var peopleAsBots = Share()
    /// Examples of misses, for the failure message.
    var peopleAsBotsExamples: [String] = []
    var missedBots: [String] = []
    var deviceMisses: [String] = []

    init(_ corpus: UserAgentCorpus) {
        for c in corpus.agents {
            engineAgent.count(UserAgents.parse(c.userAgent).agent == c.family)
            browser.count(UserAgentClassifier.classify(c.userAgent).browser == FamilyNames.browser(c.family))
        }
        for c in corpus.systems {
            engineOS.count(UserAgents.parse(c.userAgent).os == c.family)
            os.count(UserAgentClassifier.classify(c.userAgent).os == FamilyNames.os(c.family))
        }
        for c in corpus.devices {
            engineDevice.count(UserAgents.parse(c.userAgent).device == c.family)
            let got = UserAgentClassifier.classify(c.userAgent).device
            if let expected = Self.deviceClass(named: c.family) {
                device.count(got == expected)
                if got != expected { deviceMisses.append("\(c.family) → \(got.rawValue): \(c.userAgent)") }
            }
            if c.family != "Spider" {
                peopleAsBots.count(got == .bot)
                if got == .bot { peopleAsBotsExamples.append(c.userAgent) }
            }
        }
        for ua in corpus.crawlerInstances {
            let bot = UserAgentClassifier.classify(ua).device == .bot
            botRecall.count(bot)
            if !bot { missedBots.append(ua) }
        }
    }

    /// The device class a uap-core device family names, when it names one.
    static func deviceClass(named family: String) -> Device? {
        if family == "Spider" { return .bot }
        if AgentOverrides.tabletFamilies.contains(family) { return .tablet }
        if AgentOverrides.mobileFamilies.contains(family) { return .mobile }
        return nil
    }
}
