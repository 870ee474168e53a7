/// `log:` settings (docs/LOGGING.md): defaults for `--log-format` and
/// `--log-level` when neither the option nor its environment variable is
/// given. Kept as text here; the CLI checks the values when it installs the
/// log handler.
package struct LogConfiguration: Sendable, Decodable, Equatable {
    /// `logfmt` or `json`; nil for the default.
    package var format: String?
    /// A swift-log level name (`trace` … `critical`); nil for the default.
    package var level: String?

    /// No settings: logfmt at info.
    package init(format: String? = nil, level: String? = nil) {
        self.format = format
        self.level = level
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, level
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        level = try c.decodeIfPresent(String.self, forKey: .level)
    }
}
