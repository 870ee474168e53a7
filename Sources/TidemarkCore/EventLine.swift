/// What `EventParser.scan(_:)` found in one line.
package enum ScannedLine {
    /// Only white space: ignored, not counted.
    case blank
    /// A line whose structure and non-text fields are valid.
    case line(EventLine)
    /// Not a valid schema-v1 event, with the reason.
    case invalid(EventFormatError)
}

/// The text fields of an event, read as bytes from its line.
package enum EventTextField: Int, Sendable, CaseIterable {
    case name, path, refHost, utmSource, utmMedium, utmCampaign, country, browser, os

    var field: EventParser.Field {
        switch self {
        case .name: .name
        case .path: .path
        case .refHost: .refHost
        case .utmSource: .utmSource
        case .utmMedium: .utmMedium
        case .utmCampaign: .utmCampaign
        case .country: .country
        case .browser: .browser
        case .os: .os
        }
    }
}

/// A scanned event line: its non-text fields checked and parsed, its text
/// fields still positions in the caller's bytes. Valid only while those
/// bytes are; nothing here allocates unless a text field has escapes.
package struct EventLine {
    private let scanner: Scanner
    private let fields: RawFields
    /// 32 lowercase hex digits.
    package var id: UnsafeRawBufferPointer { plain(.id) }
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    package var ts: UnsafeRawBufferPointer { plain(.ts) }
    /// A valid site id.
    package var site: UnsafeRawBufferPointer { plain(.site) }
    /// 16 lowercase hex digits.
    package var visitor: UnsafeRawBufferPointer { plain(.visitor) }
    /// `id` as a number: its first and last 16 digits.
    package let idValue: (high: UInt64, low: UInt64)
    /// `visitor` as a number.
    package let visitorValue: UInt64
    /// `ts` as milliseconds since the Unix epoch.
    package let epochMillis: Int64
    /// Page view or custom event.
    package let type: EventKind
    /// Device class.
    package let device: Device

    init(
        scanner: Scanner, fields: RawFields, idValue: (high: UInt64, low: UInt64), visitorValue: UInt64,
        epochMillis: Int64, type: EventKind, device: Device
    ) {
        self.idValue = idValue
        self.visitorValue = visitorValue
        self.scanner = scanner
        self.fields = fields
        self.epochMillis = epochMillis
        self.type = type
        self.device = device
    }

    /// The bytes of a field the scan checked to be present and unescaped.
    @inline(__always)
    private func plain(_ f: EventParser.Field) -> UnsafeRawBufferPointer {
        guard let r = fields[f] else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: scanner.bytes[r.raw])
    }

    /// The bytes of text field `f` as they lie in the line, and whether they
    /// are known to be valid UTF-8 (ASCII); nil when the field has escapes,
    /// which `text(_:)` decodes. Unescaped non-ASCII text is not checked here,
    /// so a caller that has seen the same bytes before need not check them again.
    @inline(__always)
    package func rawText(_ f: EventTextField) -> (bytes: UnsafeRawBufferPointer, ascii: Bool)? {
        guard let r = fields[f.field] else { return (UnsafeRawBufferPointer(start: nil, count: 0), true) }
        if r.hasEscape { return nil }
        return (UnsafeRawBufferPointer(rebasing: scanner.bytes[r.raw]), r.isASCII)
    }

    /// Text field `f` as a checked `String`.
    package func text(_ f: EventTextField) throws(EventFormatError) -> String {
        guard let r = fields[f.field] else { return "" }
        return try scanner.decode(r)
    }

    /// The whole event, every text field decoded and checked.
    package func event() throws(EventFormatError) -> Event {
        Event(
            id: Self.ascii(id), ts: Self.ascii(ts), epochMillis: epochMillis, site: Self.ascii(site), type: type,
            name: try text(.name), path: try text(.path), refHost: try text(.refHost),
            utmSource: try text(.utmSource), utmMedium: try text(.utmMedium), utmCampaign: try text(.utmCampaign),
            visitor: Self.ascii(visitor), country: try text(.country), browser: try text(.browser), os: try text(.os),
            device: device)
    }

    // Validated hex, digits and site ids are ASCII.
    private static func ascii(_ b: UnsafeRawBufferPointer) -> String { String(decoding: b, as: UTF8.self) }
}
