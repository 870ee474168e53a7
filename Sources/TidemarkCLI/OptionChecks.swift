import TidemarkJobs

/// Checks of numeric command-line options, run by each command's
/// `validate()` before anything else: a value that means nothing (a count
/// below its least useful value, a negative duration) is refused with one
/// `Error: --name value: …` line and exit status 1 (SPEC §5), like any other
/// bad input. Options that take such values are declared with
/// `parsing: .unconditional`, so `--days -1` reaches these checks instead of
/// being read as an unknown option `-1` ("Missing value").
enum OptionChecks {
    /// Refuses `value` of option `--name` below 1 (at most `max`, when given).
    static func positive(_ value: Int, _ name: String, max: Int? = nil) throws {
        guard value >= 1, value <= (max ?? .max) else {
            throw CLIError("--\(name) \(value): must be a positive number" + (max.map { " (at most \($0))" } ?? ""))
        }
    }

    /// Refuses a negative `value` of option `--name`.
    static func notNegative(_ value: Int, _ name: String) throws {
        guard value >= 0 else { throw CLIError("--\(name) \(value): must be 0 or more") }
    }

    /// Seconds of a duration option such as `10m` or `1h` (`DurationText`), or an error naming it.
    static func duration(_ text: String, _ name: String) throws -> Int64 {
        guard let seconds = DurationText.seconds(text) else {
            throw CLIError("--\(name) \(text): expected a duration of 0 or more, like 90s, 10m, 1h or 2d")
        }
        return seconds
    }
}
