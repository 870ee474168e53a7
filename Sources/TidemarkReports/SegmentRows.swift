import TidemarkCore

/// One segment's valid events of its partition, in line order, as fixed-size
/// rows: ids and times as numbers, text fields as ids into the segment's own
/// key tables. Segments are parsed into rows in parallel; the engine then
/// maps each segment's few distinct keys to the window's once, instead of
/// hashing a `String` per event field.
package struct SegmentRows: Sendable {
    var rows: ContiguousArray<EventRow> = []
    /// Key tables by `EventTextField` order.
    var tables: [ByteInterner] = EventTextField.allCases.map { _ in ByteInterner() }
    /// The id of the empty string in each table, or -1.
    private var emptyIDs = [Int32](repeating: -1, count: EventTextField.allCases.count)
    /// Lines that were not a valid schema-v1 event of the partition.
    package private(set) var invalidLines = 0

    /// Valid events held, bots and duplicates included.
    package var eventsRead: Int { rows.count }

    /// No rows yet.
    package init() {}

    /// The rows of already parsed events, in order (for tests and small
    /// inputs); throws when an id or visitor id is not lowercase hex.
    init(events: [Event], window: ReportWindow) throws(ReportError) {
        for e in events {
            guard let id = EventID(hex: e.id) else { throw .malformedEvent(field: "id", value: e.id, window: window) }
            guard let visitor = LowerHex.parse64(e.visitor) else {
                throw .malformedEvent(field: "visitor", value: e.visitor, window: window)
            }
            var row = EventRow(e.epochMillis, id: id, visitor: visitor, e.type, e.device)
            for f in EventTextField.allCases {
                var text = e.text(f)
                row[f] = text.withUTF8 { tables[f.rawValue].intern(UnsafeRawBufferPointer($0)).id }
            }
            rows.append(row)
        }
    }

    /// The rows of each segment of parsed events.
    static func of(_ segments: [[Event]], window: ReportWindow) throws(ReportError) -> [SegmentRows] {
        try segments.map { (events) throws(ReportError) in try SegmentRows(events: events, window: window) }
    }

    /// Adds one NDJSON line of the partition of `site` (its bytes) and `hour`:
    /// a valid event of it becomes a row, anything else but a blank line
    /// counts as invalid.
    package mutating func add(line bytes: UnsafeRawBufferPointer, site: UnsafeRawBufferPointer, hour: UTCHour) {
        let line: EventLine
        switch EventParser.scan(bytes) {
        case .blank: return
        case .invalid:
            invalidLines += 1
            return
        case .line(let l): line = l
        }
        guard ByteInterner.equal(line.site, site), UTCHour(epochMillis: line.epochMillis) == hour,
            let row = makeRow(line)
        else {
            invalidLines += 1
            return
        }
        rows.append(row)
    }

    private mutating func makeRow(_ line: EventLine) -> EventRow? {
        var row = EventRow(
            line.epochMillis, id: EventID(high: line.idValue.high, low: line.idValue.low), visitor: line.visitorValue,
            line.type, line.device)
        // Field by field rather than over `allCases`, an array per call.
        guard let name = textID(line, .name), let path = textID(line, .path), let ref = textID(line, .refHost),
            let source = textID(line, .utmSource), let medium = textID(line, .utmMedium),
            let campaign = textID(line, .utmCampaign), let country = textID(line, .country),
            let browser = textID(line, .browser), let os = textID(line, .os)
        else { return nil }
        row.texts = (name, path, ref, source, medium, campaign, country, browser, os)
        return row
    }

    /// The id of text field `f` of `line` in its table; nil when the text
    /// is not valid.
    @inline(__always)
    private mutating func textID(_ line: EventLine, _ f: EventTextField) -> Int32? {
        if let (bytes, ascii) = line.rawText(f) { return intern(bytes, checked: ascii, into: f.rawValue) }
        // Escaped text: decoded (and so checked) first.
        guard var text = try? line.text(f) else { return nil }
        return text.withUTF8 { intern(UnsafeRawBufferPointer($0), checked: true, into: f.rawValue) }
    }

    /// Reserves room for about `events` rows.
    package mutating func reserve(_ events: Int) { rows.reserveCapacity(events) }

    /// The id of `bytes` in table `t`; nil when they are new and not UTF-8.
    @inline(__always)
    private mutating func intern(_ bytes: UnsafeRawBufferPointer, checked: Bool, into t: Int) -> Int32? {
        // Most events leave most of name, referrer and UTM fields empty.
        if bytes.isEmpty {
            if emptyIDs[t] < 0 { emptyIDs[t] = tables[t].intern(bytes).id }
            return emptyIDs[t]
        }
        let hash = ByteInterner.hash(bytes)
        if let id = tables[t].find(bytes, hash: hash) { return id }
        // Bytes equal to a key already held are valid; new ones are checked once.
        if !checked, String(validating: bytes, as: UTF8.self) == nil { return nil }
        return tables[t].add(bytes, hash: hash)
    }
}

/// One event as numbers: 72 bytes instead of an `Event`'s 15 strings.
struct EventRow {
    /// `ts` as milliseconds since the Unix epoch.
    var millis: Int64
    var id: EventID
    /// The visitor id as a number.
    var visitor: UInt64
    /// Ids into the segment's key tables, by `EventTextField` order.
    var texts: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
    var type: EventKind
    var device: Device

    init(_ millis: Int64, id: EventID, visitor: UInt64, _ type: EventKind, _ device: Device) {
        self.millis = millis
        self.id = id
        self.visitor = visitor
        self.type = type
        self.device = device
    }

    subscript(_ f: EventTextField) -> Int32 {
        @inline(__always) get {
            switch f {
            case .name: texts.0
            case .path: texts.1
            case .refHost: texts.2
            case .utmSource: texts.3
            case .utmMedium: texts.4
            case .utmCampaign: texts.5
            case .country: texts.6
            case .browser: texts.7
            case .os: texts.8
            }
        }
        @inline(__always) set {
            switch f {
            case .name: texts.0 = newValue
            case .path: texts.1 = newValue
            case .refHost: texts.2 = newValue
            case .utmSource: texts.3 = newValue
            case .utmMedium: texts.4 = newValue
            case .utmCampaign: texts.5 = newValue
            case .country: texts.6 = newValue
            case .browser: texts.7 = newValue
            case .os: texts.8 = newValue
            }
        }
    }
}

extension Event {
    /// Text field `f`.
    func text(_ f: EventTextField) -> String {
        switch f {
        case .name: name
        case .path: path
        case .refHost: refHost
        case .utmSource: utmSource
        case .utmMedium: utmMedium
        case .utmCampaign: utmCampaign
        case .country: country
        case .browser: browser
        case .os: os
        }
    }
}
