import TidemarkCore

/// Why the report engine refused its input.
///
/// The engine is pure, so every error is a caller mistake (hours fed out of
/// order, an hour outside the window, an event that never passed validation);
/// the job runner turns it into its one-line failure message.
package struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case hourOutOfOrder
        case hourOutsideWindow
        case malformedEvent
        case partialUnreadable
        case partialTooNew
        case periodInput
    }

    private let code: Code
    /// The window being built.
    package let window: ReportWindow
    /// The hour or event at fault, as text.
    package let context: String

    private init(_ code: Code, window: ReportWindow, context: String) {
        self.code = code
        self.window = window
        self.context = context
    }

    /// An hour was fed that is not after the previous one.
    static func hourOutOfOrder(_ hour: UTCHour, after previous: UTCHour, window: ReportWindow) -> ReportError {
        ReportError(
            .hourOutOfOrder, window: window,
            context: "hour \(hour.dateString)T\(hour.hourString) fed after \(previous.dateString)T\(previous.hourString)")
    }

    /// An hour was fed that the window does not hold.
    static func hourOutsideWindow(_ hour: UTCHour, window: ReportWindow) -> ReportError {
        ReportError(.hourOutsideWindow, window: window, context: "hour \(hour.dateString)T\(hour.hourString)")
    }

    /// An event whose `id` or `visitor` is not lowercase hex of its length.
    static func malformedEvent(field: String, value: String, window: ReportWindow) -> ReportError {
        ReportError(.malformedEvent, window: window, context: "\(field) \(JSONText.quoted(value))")
    }

    /// A stored daily partial that cannot be read as `Schemas/partial.v1.md`.
    static func partialUnreadable(_ what: String, window: ReportWindow) -> ReportError {
        ReportError(.partialUnreadable, window: window, context: what)
    }

    /// A stored daily partial of a newer format than this build reads.
    static func partialTooNew(_ version: Int, window: ReportWindow) -> ReportError {
        ReportError(
            .partialTooNew, window: window,
            context: "partial_version \(version), this build reads up to \(DailyPartial.version); upgrade tidemark")
    }

    /// A partial handed to a period merge that does not belong to it.
    static func periodInput(_ what: String, window: ReportWindow) -> ReportError {
        ReportError(.periodInput, window: window, context: what)
    }

    /// True when a stored partial is of a newer format version.
    package var isPartialTooNew: Bool { code == .partialTooNew }
    /// True when a stored partial cannot be read (a newer version aside).
    package var isPartialUnreadable: Bool { code == .partialUnreadable }
    /// True when a partial does not belong to the period being merged.
    package var isPeriodInput: Bool { code == .periodInput }

    /// True when the error is about the order in which hours were fed.
    package var isHourOutOfOrder: Bool { code == .hourOutOfOrder }
    /// True when the error is about an hour the window does not hold.
    package var isHourOutsideWindow: Bool { code == .hourOutsideWindow }
    /// True when the error is about an event that is not of its §1 form.
    package var isMalformedEvent: Bool { code == .malformedEvent }

    /// One line for logs and the CLI: window, what is wrong, and where.
    package var description: String {
        let what: String
        switch code {
        case .hourOutOfOrder: what = "hours must be fed in increasing order"
        case .hourOutsideWindow: what = "hour is not inside the report window"
        case .malformedEvent: what = "event is not a valid schema-v1 event"
        case .partialUnreadable: what = "daily partial is unreadable"
        case .partialTooNew: what = "daily partial is of a newer format"
        case .periodInput: what = "partial does not belong to the period"
        }
        return "report \(window.identity): \(what): \(context)"
    }
}
