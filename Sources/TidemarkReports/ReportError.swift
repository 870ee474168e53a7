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
        }
        return "report \(window.identity): \(what): \(context)"
    }
}
