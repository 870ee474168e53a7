/// One line as a client sends it, and when. A retry repeats an earlier line
/// byte for byte (same `id`); `EventParser.parse(text)` gives the event.
package struct SyntheticLine: Sendable {
    /// The NDJSON line, without its newline, exactly as `EventEncoder.line` writes the event.
    package var text: String
    /// The event's `ts`, in epoch milliseconds.
    package var eventMillis: Int64
    /// When the client sent it, in epoch milliseconds: the event time for a
    /// first send, seconds or hours later for a retry.
    package var sentMillis: Int64
    /// True when this repeats a line already sent.
    package var isRetry: Bool
}
