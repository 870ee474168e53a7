/// How a log record is written on stderr: one line each (docs/LOGGING.md).
package enum LogFormat: String, CaseIterable, Sendable {
    /// `ts=… level=… msg="…" key=value …`, values quoted only when needed.
    case logfmt
    /// One JSON object per line, keys in the same order as logfmt.
    case json
}
