/// A hit as a client sends it (SPEC §5): the page URL, the referrer, an
/// optional name, id and time, and, for exported events, any schema-v1 field.
package struct RawHit: Sendable, Hashable {
    /// Every string-valued field of the hit, by JSON name (`url`, `referrer`,
    /// `ts`, or schema-v1 names such as `path`). Other value types are dropped.
    package var fields: [String: String]
    /// Fields that were present but not strings (reported as invalid when they matter).
    package var nonStringFields: Set<String>

    /// A hit from its string fields.
    package init(fields: [String: String], nonStringFields: Set<String> = []) {
        self.fields = fields
        self.nonStringFields = nonStringFields
    }

    /// The value of `name`, or nil.
    package subscript(_ name: String) -> String? { fields[name] }

    /// The schema-v1 field names (SPEC §1).
    package static let schemaFields = [
        "id", "ts", "site", "type", "name", "path", "ref_host", "utm_source", "utm_medium", "utm_campaign",
        "visitor", "country", "browser", "os", "device",
    ]

    /// True when every schema-v1 field is present: an exported event, taken as it is.
    package var isCompleteEvent: Bool { Self.schemaFields.allSatisfy { fields[$0] != nil } }
}
