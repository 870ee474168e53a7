import Foundation
import TidemarkCore
import TidemarkStore

/// The visitor-id salt secret (SPEC §1.1): from the environment variable
/// `collector.salt_secret_env` names, or, when none is configured, a random
/// secret kept in `{spool}/salt.secret` (mode 0600) so `collect` and `ingest`
/// on one machine agree across restarts.
enum SaltSecret {
    /// The secret's bytes.
    static func load(
        _ config: TidemarkConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [UInt8] {
        if let variable = config.collector.saltSecretEnv {
            guard let value = environment[variable], !value.isEmpty else {
                throw CLIError("collector.salt_secret_env names \(variable), which is not set")
            }
            return Array(value.utf8)
        }
        let path = config.spool + "/salt.secret"
        do {
            if let existing = try DurableFiles.read(path), existing.count >= 32 { return existing }
            var rng = SystemRandomNumberGenerator()
            let fresh = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            try DurableFiles.write(fresh, to: path, mode: .createOnly)
            chmod(path, 0o600)
            return try DurableFiles.read(path) ?? fresh
        } catch {
            throw CLIError("cannot read or create the salt secret \(path): \(error)")
        }
    }
}
