import Foundation
import Testing
import TidemarkCore
import TidemarkTesting
import Yams

/// `tidemark.yml` keys no setting has, and YAML that does not parse, are
/// configuration errors naming the key path (or line and column) and the file,
/// exit status 1 (SPEC §5: a misspelled key must not fall back to a default).
@Suite("Configuration keys")
struct ConfigurationKeyTests {
    static let region = "regions:\n  - name: eu\n    endpoint: file://./r/eu\n"

    /// A configuration with one misspelled key, the path the error must name,
    /// and the suggestion it should make.
    struct Typo: Sendable, CustomStringConvertible {
        var yaml: String
        var path: String
        var suggestion: String?
        var description: String { path }
    }

    static let typos = [
        Typo(yaml: "sites:\n  - name: shop.example.com\n    timezone: Europe/Amsterdam\n" + region,
             path: "sites[0].timezone", suggestion: "time_zone"),
        Typo(yaml: region + "report:\n  formats: [json]\n", path: "report", suggestion: "reports"),
        Typo(yaml: region + "collector:\n  seal_age_secs: 5\n", path: "collector.seal_age_secs",
             suggestion: "seal_age_seconds"),
        Typo(yaml: region + "log:\n  fromat: json\n", path: "log.fromat", suggestion: "format"),
        Typo(yaml: "regions:\n  - name: eu\n    endpoint: file://./r/eu\n    timeout: 5\n", path: "regions[0].timeout",
             suggestion: "timeout_ms"),
        Typo(yaml: region + "serve:\n  token: TM_T\n", path: "serve.token", suggestion: "token_env"),
        Typo(yaml: region + "reports:\n  localdir: ./r\n", path: "reports.localdir", suggestion: "local_dir"),
        Typo(yaml: region + "colour: blue\n", path: "colour", suggestion: nil),
        // Named even when regions: is missing too.
        Typo(yaml: "collector:\n  seal_age_secs: 5\n", path: "collector.seal_age_secs", suggestion: "seal_age_seconds"),
    ]

    @Test(arguments: typos)
    func unknownKeysAreErrorsNamingTheKeyAndTheFile(_ typo: Typo) async throws {
        let dir = try TempDir("keys")
        defer { dir.cleanup() }
        try typo.yaml.write(toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["status", "--config", "tm.yml"], in: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("tm.yml"), "\(r.stderr)")
        #expect(r.stderr.contains("unknown key \(typo.path)"), "\(r.stderr)")
        if let suggestion = typo.suggestion {
            #expect(r.stderr.contains("did you mean \(suggestion)?"), "\(r.stderr)")
        } else {
            #expect(!r.stderr.contains("did you mean"), "\(r.stderr)")
        }
    }

    /// A file with nothing in it, or a value of the wrong shape, says what was expected.
    @Test(arguments: [
        ("", "configuration tm.yml: the file is empty; it needs at least regions:"),
        ("# only a comment\n---\n", "configuration tm.yml: the file is empty; it needs at least regions:"),
        ("sites: example.com\n" + region, "configuration tm.yml: wrong type at sites: expected a list (lines starting with -)"),
        ("- a\n- b\n", "configuration tm.yml: wrong type at top level: expected a mapping (key: value lines)"),
    ])
    func emptyOrMisshapenFilesSayWhatWasExpected(_ yaml: String, _ says: String) async throws {
        let dir = try TempDir("shape")
        defer { dir.cleanup() }
        try yaml.write(toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["status", "--config", "tm.yml"], in: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(says), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
    }

    @Test func brokenYAMLNamesTheLineAndColumn() async throws {
        let dir = try TempDir("yaml")
        defer { dir.cleanup() }
        try (Self.region + "sites: [example.com\nspool: ./s\n").write(
            toFile: dir.path + "/tm.yml", atomically: true, encoding: .utf8)
        let r = try await BinaryRunner.run(["status", "--config", "tm.yml"], in: dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.range(of: #"tm\.yml:[0-9]+:[0-9]+: not valid YAML"#, options: .regularExpression) != nil, "\(r.stderr)")
        #expect(!r.stderr.contains("at top level"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
    }

    /// Every configuration the docs show (README, docs/) still loads; a
    /// fragment without `regions:` gets one.
    @Test func everyShippedConfigurationLoads() throws {
        let root = try TestDirectories.packageRoot()
        var pages = ["README.md"]
        pages += try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        var checked = 0
        for page in pages {
            let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
            var block: [Substring]?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if block == nil, line.hasPrefix("```yaml") {
                    block = []
                } else if let lines = block, line.hasPrefix("```") {
                    var yaml = lines.joined(separator: "\n") + "\n"
                    if !yaml.contains("regions:") { yaml += Self.region }
                    #expect(throws: Never.self, "\(page): \(yaml)") {
                        _ = try YAMLDecoder().decode(TidemarkConfiguration.self, from: Data(yaml.utf8))
                    }
                    checked += 1
                    block = nil
                } else if block != nil {
                    block?.append(line)
                }
            }
        }
        #expect(checked >= 4)
        #expect(throws: Never.self) {
            _ = try YAMLDecoder().decode(TidemarkConfiguration.self, from: Data(SchemaTests.fullConfiguration.utf8))
        }
    }
}
