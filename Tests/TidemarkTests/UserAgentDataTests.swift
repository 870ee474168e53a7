import Foundation
import Testing
@testable import TidemarkUserAgent

/// Reading uap-core's `regexes.yaml` at start: what `prepare()` checks
/// before the collector listens (the expressions compile later, on first
/// use), and lazy compilation keeping the answers of eager compilation.
@Suite("User agents: the data file and lazy compilation")
struct UserAgentDataTests {
    static let good = """
        user_agent_parsers:
          - regex: '(Firefox)/(\\d+)'
          - regex: 'bot'
            regex_flag: 'i'
            family_replacement: 'Bot $1'
        os_parsers:
          - regex: '(Linux)'
        device_parsers:
          - regex: 'iPhone'
            device_replacement: 'iPhone'

        """

    @Test func aGoodFileIsReadWithItsFlagsAndReplacements() throws {
        let dir = try TempDir("uap")
        defer { dir.cleanup() }
        let path = dir.path + "/regexes.yaml"
        try Self.good.write(toFile: path, atomically: true, encoding: .utf8)
        let source = try UAPCoreRules.read(path: path)
        #expect(source.lists.map(\.name) == ["user_agent_parsers", "os_parsers", "device_parsers"])
        #expect(source.lists[0].entries.map(\.regex) == [#"(Firefox)/(\d+)"#, "bot"])
        #expect(source.lists[0].entries.map(\.caseInsensitive) == [false, true])
        #expect(source.lists[0].entries.map(\.replacement) == [nil, "Bot $1"])
        #expect(source.lists[2].entries.map(\.replacement) == ["iPhone"])
    }

    /// A missing file, or one that is not uap-core's shape, is an error
    /// naming the file and what is wrong, never an empty rule set.
    @Test(arguments: [
        (nil, "cannot be read"),
        ("", "the file is empty"),
        ("user_agent_parsers: [\n", "not uap-core's regexes.yaml"),
        ("user_agent_parsers:\n  - regex: 'a'\nos_parsers:\n  - regex: 'b'\n", "no list device_parsers"),
        ("user_agent_parsers: []\nos_parsers:\n  - regex: 'b'\ndevice_parsers:\n  - regex: 'c'\n", "user_agent_parsers is empty"),
        ("user_agent_parsers:\n  - family_replacement: 'x'\nos_parsers: []\ndevice_parsers: []\n", "user_agent_parsers #0 has no regex"),
    ] as [(String?, String)])
    func badFilesFailNamingTheProblem(_ text: String?, _ reason: String) throws {
        let dir = try TempDir("uap")
        defer { dir.cleanup() }
        let path = dir.path + "/regexes.yaml"
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        let error = #expect(throws: UserAgentError.self) { try UAPCoreRules.read(path: path) }
        #expect(error?.path == path)
        #expect(error?.description.contains(reason) == true, "\(error.map { "\($0)" } ?? "no error")")
    }

    /// A pattern compiles once, on first use; one ICU refuses never matches
    /// and is listed by `refused()`.
    @Test func patternsCompileOnFirstUseAndRefusedOnesNeverMatch() {
        var set = PatternSet()
        let good = set.add("(Fire)fox", caseInsensitive: true, origin: "test #0")
        let bad = set.add("(unclosed", caseInsensitive: false, origin: "test #1")
        let text = AgentText("Mozilla/5.0 FIREFOX/120 (unclosed")
        #expect(set.firstMatch(good, in: text)?.compactMap { $0.map(String.init) } == ["FIREFOX", "FIRE"])
        #expect(set.firstMatch(bad, in: text) == nil)
        #expect(set.refused() == [PatternSet.Rejected(origin: "test #1", pattern: "(unclosed")])
    }
}
