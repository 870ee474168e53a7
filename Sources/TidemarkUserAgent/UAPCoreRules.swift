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

    /// The default place of the Debian package's data.
    static let defaultPath = "/usr/share/uap-core/regexes.yaml"

    /// One parser entry of the file, as read.
    struct Entry: Sendable {
        var regex: String
        var caseInsensitive: Bool
        /// `family_replacement` / `os_replacement` / `device_replacement`.
        var replacement: String?
    }

    /// The file's three parser lists, read and checked but not indexed.
    struct Source: Sendable {
        /// Where it was read from.
        var path: String
        /// Each list's name in the file and its entries, in file order.
        var lists: [(kind: Kind, name: String, entries: [Entry])]
    }

    /// Reads and parses the file at `path`: throws when it is missing,
    /// unreadable, not YAML, or lacks a list or an entry's `regex`.
    // Yams' node tree, not its Codable decoder: decoding ~2,700 entries
    // through Codable took about twice as long (BENCHMARKS.md, "Collector start").
    static func read(path: String) throws(UserAgentError) -> Source {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .missing(path, "\(error.localizedDescription)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw UserAgentError.invalid(path, "the file is empty") }
            root = node
        } catch let error as UserAgentError {
            throw error
        } catch {
            throw .invalid(path, "\(error)")
        }
        var lists: [(kind: Kind, name: String, entries: [Entry])] = []
        for (kind, name, replacementKey) in [
            (Kind.agent, "user_agent_parsers", "family_replacement"), (.os, "os_parsers", "os_replacement"),
            (.device, "device_parsers", "device_replacement"),
        ] {
            guard let list = root[name]?.sequence else { throw .invalid(path, "no list \(name)") }
            var entries: [Entry] = []
            entries.reserveCapacity(list.count)
            for (i, node) in list.enumerated() {
                guard let regex = node["regex"]?.string else { throw .invalid(path, "\(name) #\(i) has no regex") }
                entries.append(
                    Entry(regex: regex, caseInsensitive: node["regex_flag"]?.string == "i", replacement: node[replacementKey]?.string))
            }
            guard !entries.isEmpty else { throw .invalid(path, "\(name) is empty") }
            lists.append((kind, name, entries))
        }
        return Source(path: path, lists: lists)
    }

    /// Adds `source`'s parsers to `set` (indexing each pattern's literals; the
    /// expressions compile on first use).
    init(_ source: Source, into set: inout PatternSet) {
        for (kind, name, entries) in source.lists {
            parsers[kind] = entries.enumerated().map { i, entry in
                // One ICU refuses never matches (`PatternSet.refused`).
                Parser(
                    pattern: set.add(entry.regex, caseInsensitive: entry.caseInsensitive, origin: "uap-core \(name) #\(i)"),
                    replacement: entry.replacement)
            }
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
