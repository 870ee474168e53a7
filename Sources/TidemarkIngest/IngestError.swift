import TidemarkCore

/// Why a raw hit or access-log line was not turned into an event; carries a
/// stable reason code (a metric label and the `reason` of the JSON answer).
package struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable, CaseIterable {
        case invalidJSON = "invalid_json"
        case invalidUTF8 = "invalid_utf8"
        case unknownSite = "unknown_site"
        case timestampOutOfRange = "ts_out_of_range"
        case fieldTooLong = "field_too_long"
        case invalidField = "invalid_field"
        case notAPageView = "not_a_page_view"
        case invalidLogLine = "invalid_log_line"
    }

    private let code: Code

    /// Every reason code an ``IngestError`` can carry, in declaration order:
    /// the label values a metric of refusals must cover.
    package static let reasons: [String] = Code.allCases.map(\.rawValue)
    /// The JSON field at fault, or empty when the item as a whole is bad.
    package let field: String
    /// A human-readable explanation.
    package let detail: String

    private init(_ code: Code, field: String = "", _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    /// The body or line is not JSON (or not a JSON object).
    package static func invalidJSON(_ detail: String) -> IngestError { IngestError(.invalidJSON, detail) }
    /// The bytes are not UTF-8.
    package static let invalidUTF8 = IngestError(.invalidUTF8, "not valid UTF-8")
    /// The site is not one the configuration accepts.
    package static func unknownSite(_ site: String) -> IngestError {
        IngestError(.unknownSite, field: "site", "site \"\(site.prefix(64))\" is not accepted here")
    }
    /// The event time is too far in the future or the past.
    package static func timestampOutOfRange(_ detail: String) -> IngestError {
        IngestError(.timestampOutOfRange, field: "ts", detail)
    }
    /// A field is longer than its limit.
    package static func fieldTooLong(_ field: String, limit: Int) -> IngestError {
        IngestError(.fieldTooLong, field: field, "longer than \(limit) bytes")
    }
    /// A field is missing, of the wrong type or not of its form.
    package static func invalidField(_ field: String, _ detail: String) -> IngestError {
        IngestError(.invalidField, field: field, detail)
    }
    /// An access-log request that is not a page view (asset, error status, non-GET).
    package static func notAPageView(_ detail: String) -> IngestError { IngestError(.notAPageView, detail) }
    /// A line that is not in Combined (or Common) Log Format.
    package static func invalidLogLine(_ detail: String) -> IngestError { IngestError(.invalidLogLine, detail) }

    /// Stable snake_case reason code, e.g. `unknown_site`.
    package var reason: String { code.rawValue }

    /// True for access-log requests that are skipped by rule rather than bad.
    package var isSkipped: Bool { code == .notAPageView }

    /// `{"reason":"…","field":"…","detail":"…"}`.
    package var json: String {
        var out = "{\"reason\":"
        JSONText.appendString(reason, to: &out)
        if !field.isEmpty {
            out += ",\"field\":"
            JSONText.appendString(field, to: &out)
        }
        out += ",\"detail\":"
        JSONText.appendString(detail, to: &out)
        return out + "}"
    }

    package var description: String {
        field.isEmpty ? "\(reason): \(detail)" : "\(reason): field \"\(field)\": \(detail)"
    }
}
