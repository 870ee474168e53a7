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
        let configuration: TidemarkConfiguration
        do {
            configuration = try YAMLDecoder().decode(TidemarkConfiguration.self, from: data)
        } catch let error as DecodingError {
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

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "top level" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing key \(at(ctx.codingPath + [key]))"
        case .typeMismatch(_, let ctx): return "wrong type at \(at(ctx.codingPath)): \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx): return "missing value at \(at(ctx.codingPath))"
        case .dataCorrupted(let ctx): return "\(ctx.debugDescription) at \(at(ctx.codingPath))"
        @unknown default: return "\(error)"
        }
    }
}
