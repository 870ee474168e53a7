import Foundation
import Yams

/// uap-core's `regexes.yaml` (Debian package `uap-core`, Apache-2.0): three
/// ordered parser lists, user agent, OS and device, each evaluated first
/// match wins, case-sensitive unless `regex_flag: 'i'`, unanchored (the
/// package's `specification.md`). Only families are read; versions, brands
/// and models are not used by Tidemark.
struct UAPCoreRules: Sendable {
    /// The parser lists.
    enum Kind: Sendable, CaseIterable {
        case agent, os, device
    }

    /// One parser: its compiled pattern and the family it names.
    struct Parser: Sendable {
        /// Number of the pattern in the shared `PatternSet`.
        let pattern: Int
        /// `family_replacement` / `os_replacement` / `device_replacement`, with `$1`…`$9`; nil: group 1.
        let replacement: String?
    }

    /// The parsers of each kind, in file order.
    private(set) var parsers: [Kind: [Parser]] = [:]
    /// Entries ICU refused (none in uap-core 0.16; kept so a newer file can be told apart).
    private(set) var rejected: [PatternSet.Rejected] = []

    /// The default place of the Debian package's data.
    static let defaultPath = "/usr/share/uap-core/regexes.yaml"

    private struct File: Decodable {
        var user_agent_parsers: [Entry]
        var os_parsers: [Entry]
        var device_parsers: [Entry]
    }

    private struct Entry: Decodable {
        var regex: String
        var regex_flag: String?
        var family_replacement: String?
        var os_replacement: String?
        var device_replacement: String?
    }

    /// Reads and compiles the file at `path` into `set`.
    init(path: String, into set: inout PatternSet) throws(UserAgentError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .missing(path, "\(error.localizedDescription)")
        }
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text)
        } catch {
            throw .invalid(path, "\(error)")
        }
        let lists: [(Kind, String, [Entry])] = [
            (.agent, "user_agent_parsers", file.user_agent_parsers), (.os, "os_parsers", file.os_parsers),
            (.device, "device_parsers", file.device_parsers),
        ]
        for (kind, name, entries) in lists {
            var list: [Parser] = []
            for (i, entry) in entries.enumerated() {
                let replacement =
                    switch kind {
                    case .agent: entry.family_replacement
                    case .os: entry.os_replacement
                    case .device: entry.device_replacement
                    }
                guard let number = set.add(entry.regex, caseInsensitive: entry.regex_flag == "i") else {
                    rejected.append(PatternSet.Rejected(origin: "uap-core \(name) #\(i)", pattern: entry.regex))
                    continue
                }
                list.append(Parser(pattern: number, replacement: replacement))
            }
            guard !list.isEmpty else { throw .invalid(path, "\(name) is empty") }
            parsers[kind] = list
        }
    }

    /// The family the first matching parser of `kind` names, or `Other`.
    func family(_ kind: Kind, in text: AgentText, admitted: [Bool], set: PatternSet) -> String {
        for parser in parsers[kind] ?? [] where admitted[parser.pattern] {
            guard let groups = set.firstMatch(parser.pattern, in: text) else { continue }
            let value: String
            if let replacement = parser.replacement {
                value = Self.substitute(replacement, groups)
            } else {
                value = groups.count > 1 ? String(groups[1] ?? "") : ""
            }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? "Other" : trimmed
        }
        return "Other"
    }

    /// `template` with `$1`…`$9` replaced by those groups (empty when absent).
    static func substitute(_ template: String, _ groups: [Substring?]) -> String {
        guard template.contains("$") else { return template }
        var out = ""
        var scalars = template.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let c = pending {
            pending = scalars.next()
            if c == "$", let d = pending, let n = Int(String(d)), n >= 1 {
                out += n < groups.count ? String(groups[n] ?? "") : ""
                pending = scalars.next()
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
