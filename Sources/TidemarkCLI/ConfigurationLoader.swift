import Foundation
import TidemarkCore
import Yams

/// Finds and reads the configuration; the only place that reads the
/// environment for it.
enum ConfigurationLoader {
    /// The configuration in force and where it came from.
    struct Loaded {
        var configuration: TidemarkConfiguration
        /// The file, or nil for the embedded default.
        var path: String?
    }

    static func load(explicitPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> Loaded
    {
        let path: String?
        if let explicitPath {
            path = explicitPath
        } else if let env = environment["TIDEMARK_CONFIG"], !env.isEmpty {
            path = env
        } else if FileManager.default.fileExists(atPath: "tidemark.yml") {
            path = "tidemark.yml"
        } else {
            path = nil
        }
        guard let path else { return Loaded(configuration: .embeddedDefault(), path: nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read configuration \(path): no such file or not readable")
        }
        // An empty file (or one of comments only) would otherwise be "wrong type at top level".
        let meaningful = String(decoding: data, as: UTF8.self).split(separator: "\n").contains { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return !text.isEmpty && !text.hasPrefix("#") && text != "---" && text != "..."
        }
        guard meaningful else {
            throw CLIError(
                "configuration \(path): the file is empty; it needs at least regions: (README, Configuration),"
                    + " or remove it to use the embedded default")
        }
        let configuration: TidemarkConfiguration
        do {
            configuration = try YAMLDecoder().decode(TidemarkConfiguration.self, from: data)
        } catch let error as UnknownConfigurationKey {
            throw CLIError(
                "configuration \(path): unknown key \(error.path)"
                    + (error.suggestion.map { " (did you mean \($0)?)" } ?? ""))
        } catch let error as YamlError {
            throw CLIError("configuration \(describe(error, path: path))")
        } catch let error as DecodingError {
            if case .dataCorrupted(let ctx) = error, let yaml = ctx.underlyingError as? YamlError {
                throw CLIError("configuration \(describe(yaml, path: path))")
            }
            // Yams wraps what a type's init(from:) throws.
            if case .dataCorrupted(let ctx) = error, let key = ctx.underlyingError as? UnknownConfigurationKey {
                throw CLIError(
                    "configuration \(path): unknown key \(key.path)"
                        + (key.suggestion.map { " (did you mean \($0)?)" } ?? ""))
            }
            throw CLIError("configuration \(path): \(describe(error))")
        } catch {
            throw CLIError("configuration \(path): \(error)")
        }
        let problems = configuration.problems()
        if !problems.isEmpty {
            throw CLIError("configuration \(path): " + problems.joined(separator: "; "))
        }
        return Loaded(configuration: configuration, path: path)
    }

    /// `FILE:LINE:COLUMN: problem` on one line, from Yams' mark.
    private static func describe(_ error: YamlError, path: String) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "\(path):\(mark.line):\(mark.column): not valid YAML: \(problem)\(while_)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(path):\(context.mark.line):\(context.mark.column): key \(duplicates.joined(separator: ", ")) appears twice"
        default:
            return "\(path): not valid YAML: " + "\(error)".split(separator: "\n").joined(separator: " ")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing key \(at(ctx.codingPath + [key]))"
        case .typeMismatch(_, let ctx):
            // Yams says what it wanted in its own terms ("Expected to decode Mapping but found Node instead").
            let said = ctx.debugDescription
            let wanted =
                said.contains("decode Mapping") ? "expected a mapping (key: value lines)"
                : said.contains("decode Sequence") ? "expected a list (lines starting with -)" : said
            return "wrong type at \(at(ctx.codingPath)): \(wanted)"
        case .valueNotFound(_, let ctx): return "missing value at \(at(ctx.codingPath))"
        case .dataCorrupted(let ctx): return "\(ctx.debugDescription) at \(at(ctx.codingPath))"
        @unknown default: return "\(error)"
        }
    }
}
