import TidemarkCore

/// The aggregation core shared by the daily and hourly builders.
///
/// It takes a window one UTC-hour partition at a time, in order: the
/// partitions holding its lookback span (hourly windows), then those it
/// overlaps. Per partition it drops duplicate ids (first copy in feed order
/// wins), sorts the non-bot events inside the window by (`ts`, `id`) and walks
/// them once, advancing each visitor's visit; events in the lookback span
/// only tell where visits start. Memory is the distinct ids, visitors, keys
/// and (visitor, key) pairs of the window plus one partition's sort records;
/// rows themselves stay in the caller's segments. Per event the work is
/// integer-only: the zone's bucket boundaries are resolved once per window.
struct ReportAccumulator {
    /// Largest gap, in milliseconds, that keeps a visit going (SPEC §4.1 rule 5).
    static let visitGapMillis: Int64 = 1_800_000

    /// The window being built.
    let window: ReportWindow
    private let buckets: BucketIndex
    private let tracksVisitEnds: Bool

    private var seen = EventIDSet()
    /// Ids of owned partitions, kept only once a partition the window does
    /// not own has put ids in `seen` (`inputs` count owned partitions alone).
    private var ownedSeen = EventIDSet()
    private var tracksOwned = false
    /// Ids of the lookback span, deduplicated on their own.
    private var lookbackSeen = EventIDSet()
    private var botEvents = 0
    private var pageviews = 0
    private var customEvents = 0
    private var visits = 0
    private var series: [SeriesBucket]

    private var visitors = VisitorTable()
    /// Latest lookback `ts` per visitor, relative to the window start (hourly windows only).
    private var lookbackLast: [UInt64: Int32] = [:]

    private var pages = KeyTally()
    private var entries: [Int] = []
    private var exits: [Int] = []
    private var closedBounces = 0
    private var closedDurationMillis: Int64 = 0
    private var referrers: KeyTally
    /// The referrer id of `(direct)`, which an empty referrer counts under.
    private let directRef: Int32
    private var utmSources = KeyTally()
    private var utmMediums = KeyTally()
    private var utmCampaigns = KeyTally()
    private var names = KeyTally()
    private var countries = KeyTally()
    private var browsers = KeyTally()
    private var systems = KeyTally()
    private var devices = [Int](repeating: 0, count: 3)

    private var pageVisitors = PairLedger()
    private var nameVisitorSeen = UInt64Set()
    private var countrySeen = UInt64Set()
    private var browserSeen = UInt64Set()
    private var systemSeen = UInt64Set()
    private var deviceSeen = UInt64Set()

    private var staged: [SortRecord] = []
    private var records: [SortRecord] = []
    /// The hour's rows with window-wide key ids, indexed by `SortRecord.index`.
    private var resolved: [ResolvedRow] = []
    /// Sum of touched words; kept so the touching loads are not optimised away.
    private var touchSink: UInt64 = 0

    /// An empty accumulator for `window`.
    init(window: ReportWindow) {
        self.window = window
        var refs = KeyTally()
        var direct = "(direct)"
        directRef = direct.withUTF8 { refs.id(UnsafeRawBufferPointer($0)) }
        referrers = refs
        tracksVisitEnds = window.kind == .daily
        let starts = window.bucketStarts
        buckets = BucketIndex(starts: starts.map(\.seconds), end: window.endSeconds)
        series = starts.map { SeriesBucket(startSeconds: $0.seconds, offset: $0.offset) }
    }

    /// Distinct ids of the owned partitions fed so far, bots included.
    var distinctIDs: Int { tracksOwned ? ownedSeen.count : seen.count }

    /// Adds one partition: `segments` in segment key order, each in line
    /// order. Events in the lookback span (the 1800 s before an hourly
    /// window, within its local day) only tell whether a visit continues into
    /// the window; their duplicates are dropped among themselves first, so a
    /// losing copy cannot extend a visit. Events after the lookback span and
    /// outside the window count in nothing; in a partition the window owns
    /// their ids still take part in dedupe, as do those of events whose `ts`
    /// lies outside `hour`.
    mutating func addHour(_ hour: UTCHour, segments: [SegmentRows]) {
        let owned = window.owns(hour)
        stage(hour, owned: owned, segments)
        dedupe(owned: owned)
        // `staged` is free once deduped: it serves as the sort's scratch space.
        SortRecord.sortByTime(&records, scratch: &staged)
        aggregate()
    }

    /// Maps a segment's key tables to the window's tallies: each distinct key
    /// of the segment is looked up once, not once per event.
    private mutating func mapKeys(_ segment: SegmentRows) -> KeyMap {
        func map(_ f: EventTextField, _ tally: inout KeyTally, empty: Int32?) -> [Int32] {
            let table = segment.tables[f.rawValue]
            return (0..<Int32(table.count)).map { local in
                if let empty, table.withBytes(local, \.isEmpty) { return empty }
                return tally.id(of: local, in: table)
            }
        }
        let m = KeyMap(
            page: map(.path, &pages, empty: nil), name: map(.name, &names, empty: nil),
            ref: map(.refHost, &referrers, empty: directRef), utmSource: map(.utmSource, &utmSources, empty: -1),
            utmMedium: map(.utmMedium, &utmMediums, empty: -1), utmCampaign: map(.utmCampaign, &utmCampaigns, empty: -1),
            country: map(.country, &countries, empty: -1), browser: map(.browser, &browsers, empty: -1),
            os: map(.os, &systems, empty: -1))
        if entries.count < pages.count {
            entries.append(contentsOf: repeatElement(0, count: pages.count - entries.count))
            exits.append(contentsOf: repeatElement(0, count: pages.count - exits.count))
        }
        return m
    }

    /// Events per batch whose table slots are touched together (see `EventIDSet.touch`).
    private static let batch = 16

    /// Copies each row's id, visitor and time into `staged`, in line order,
    /// and its keys, mapped to the window's ids, into `resolved`.
    private mutating func stage(_ hour: UTCHour, owned: Bool, _ segments: [SegmentRows]) {
        let from = hour.startSeconds * 1000
        let to = from + 3_600_000
        let origin = window.startMillis
        let end = window.endMillis
        let lookFrom = window.lookbackStartMillis
        staged.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        resolved.removeAll(keepingCapacity: true)
        for segment in segments {
            let m = mapKeys(segment)
            segment.rows.withUnsafeBufferPointer { rows in
                for row in rows {
                    var flags: UInt8 = 0
                    var visitor: UInt64 = 0
                    if row.millis < from || row.millis >= to {
                        flags = SortRecord.outside
                    } else if row.millis < origin {
                        // Earlier events of the lookback partitions still decide which copy wins there.
                        flags = row.millis >= lookFrom && row.device != .bot ? SortRecord.lookback : SortRecord.lookbackSilent
                        visitor = row.visitor
                    } else if row.millis >= end {
                        flags = owned ? SortRecord.outside : SortRecord.skipped
                    } else if row.device == .bot {
                        flags = SortRecord.bot
                    } else {
                        visitor = row.visitor
                    }
                    staged.append(
                        SortRecord(
                            millis: Int32(truncatingIfNeeded: row.millis - origin),
                            index: Int32(truncatingIfNeeded: resolved.count), id: row.id))
                    resolved.append(
                        ResolvedRow(
                            key: row.type == .pageview ? m.page[Int(row[.path])] : m.name[Int(row[.name])],
                            ref: m.ref[Int(row[.refHost])], utmSource: m.utmSource[Int(row[.utmSource])],
                            utmMedium: m.utmMedium[Int(row[.utmMedium])],
                            utmCampaign: m.utmCampaign[Int(row[.utmCampaign])], country: m.country[Int(row[.country])],
                            browser: m.browser[Int(row[.browser])], os: m.os[Int(row[.os])], visitor: visitor,
                            type: row.type, device: Self.deviceIndex(row.device), flags: flags))
                }
            }
        }
    }

    /// Drops ids seen before (first copy in feed order wins) and keeps the
    /// window's non-bot events in `records`; notes lookback events.
    private mutating func dedupe(owned: Bool) {
        var k = 0
        while k < staged.count {
            let end = min(k + Self.batch, staged.count)
            seen.reserve(end - k)
            var sink: UInt64 = 0
            for j in k..<end { sink &+= seen.touch(staged[j].id) }
            touchSink &+= sink
            for j in k..<end {
                let r = staged[j]
                let flags = resolved[Int(r.index)].flags
                if flags >= SortRecord.lookback {
                    if flags != SortRecord.skipped, lookbackSeen.insert(r.id), flags == SortRecord.lookback {
                        noteLookback(r, visitor: resolved[Int(r.index)].visitor)
                    }
                    continue
                }
                // Non-owned partitions come first (they hold the window's
                // start), so owned ids are tracked from the first owned one.
                if !owned { tracksOwned = true } else if tracksOwned { _ = ownedSeen.insert(r.id) }
                guard seen.insert(r.id), flags != SortRecord.outside else { continue }
                if flags == SortRecord.bot {
                    botEvents += 1
                } else {
                    records.append(r)
                }
            }
            k = end
        }
    }

    /// Remembers a lookback event's time for its visitor.
    private mutating func noteLookback(_ r: SortRecord, visitor: UInt64) {
        if let last = lookbackLast[visitor], last >= r.millis { return }
        lookbackLast[visitor] = r.millis
    }

    /// Walks the hour's records in (`ts`, `id`) order. Per batch: touch the
    /// visitors' slots; find each visitor (touching the (visitor, name) pair
    /// slot for custom events); then count. Ends by merging the hour's
    /// (visitor, page) pairs.
    private mutating func aggregate() {
        var k = 0
        var slots = [Int](repeating: 0, count: Self.batch)
        var fresh = [Bool](repeating: false, count: Self.batch)
        while k < records.count {
            let end = min(k + Self.batch, records.count)
            let n = end - k
            visitors.reserve(n)
            nameVisitorSeen.reserve(n)
            countrySeen.reserve(2 * n)
            browserSeen.reserve(2 * n)
            systemSeen.reserve(2 * n)
            deviceSeen.reserve(2 * n)
            var sink: UInt64 = 0
            for j in k..<end { sink &+= visitors.touch(resolved[Int(records[j].index)].visitor) }
            for j in k..<end {
                let r = records[j]
                let row = resolved[Int(r.index)]
                let (slot, isNew) = visitors.slot(for: row.visitor)
                if row.type == .event {
                    let pair = UInt64(UInt32(bitPattern: visitors[slot].index)) << 32
                    sink &+= nameVisitorSeen.touch(pair | UInt64(UInt32(row.key)))
                }
                slots[j - k] = slot
                fresh[j - k] = isNew
            }
            touchSink &+= sink
            for j in k..<end {
                let r = records[j]
                add(resolved[Int(r.index)], slot: slots[j - k], isNew: fresh[j - k], millis: r.millis)
            }
            k = end
        }
        pageVisitors.merge { pages.visitors[Int(UInt32(truncatingIfNeeded: $0))] += 1 }
    }

    private mutating func add(_ row: ResolvedRow, slot: Int, isNew isNewVisitor: Bool, millis: Int32) {
        let key = row.key
        let visitor = row.visitor
        var st = visitors[slot]
        let bucket = buckets.index(millis)
        let visitorKey = UInt64(UInt32(bitPattern: st.index)) << 32

        let startsVisit: Bool
        if isNewVisitor {
            if !lookbackLast.isEmpty, let last = lookbackLast[visitor] {
                startsVisit = Int64(millis) - Int64(last) > Self.visitGapMillis
            } else {
                startsVisit = true
            }
        } else {
            startsVisit = Int64(millis) - Int64(st.lastMillis) > Self.visitGapMillis
        }
        if startsVisit {
            if !isNewVisitor { closeVisit(st) }
            st.visitCounted = true
            st.visitFirstMillis = millis
            st.visitEvents = 0
            st.entryPath = -1
            st.exitPath = -1
            visits += 1
            series[bucket].visits += 1
            referrers.counts[Int(row.ref)] += 1
            if row.utmSource >= 0 { utmSources.counts[Int(row.utmSource)] += 1 }
            if row.utmMedium >= 0 { utmMediums.counts[Int(row.utmMedium)] += 1 }
            if row.utmCampaign >= 0 { utmCampaigns.counts[Int(row.utmCampaign)] += 1 }
        } else if isNewVisitor {
            // The visit began in the lookback: it belongs to the hour before.
            st.visitCounted = false
        }
        st.visitEvents += 1
        st.lastMillis = millis

        if st.lastBucket != Int8(bucket) {
            st.lastBucket = Int8(bucket)
            series[bucket].visitors += 1
        }

        switch row.type {
        case .pageview:
            pageviews += 1
            series[bucket].pageviews += 1
            if st.lastPagePath != key {
                st.lastPagePath = key
                pageVisitors.add(visitorKey | UInt64(UInt32(key)))
            }
            pages.counts[Int(key)] += 1
            if st.entryPath < 0 { st.entryPath = key }
            st.exitPath = key
        case .event:
            customEvents += 1
            if st.lastName != key {
                st.lastName = key
                if nameVisitorSeen.insert(visitorKey | UInt64(UInt32(key))) { names.visitors[Int(key)] += 1 }
            }
            names.counts[Int(key)] += 1
        }

        if row.country >= 0 {
            Self.countDistinct(
                row.country, in: &countries.counts, last: &st.country, seen: &countrySeen, visitor: visitorKey)
        }
        if row.browser >= 0 {
            Self.countDistinct(
                row.browser, in: &browsers.counts, last: &st.browser, seen: &browserSeen, visitor: visitorKey)
        }
        if row.os >= 0 {
            Self.countDistinct(row.os, in: &systems.counts, last: &st.os, seen: &systemSeen, visitor: visitorKey)
        }
        let d = row.device
        if st.device != d {
            if st.device >= 0 { _ = deviceSeen.insert(visitorKey | UInt64(UInt8(st.device))) }
            if deviceSeen.insert(visitorKey | UInt64(UInt8(d))) { devices[Int(d)] += 1 }
            st.device = d
        }
        visitors[slot] = st
    }

    /// Counts key `id` once per visitor. `last` is the key this visitor was
    /// last counted under; the set records a pair only once a visitor shows a
    /// second key, so the common case is one comparison.
    @inline(__always)
    private static func countDistinct(
        _ id: Int32, in counts: inout [Int], last: inout Int32, seen: inout UInt64Set, visitor: UInt64
    ) {
        if last == id { return }
        if last < 0 {
            counts[Int(id)] += 1
        } else {
            _ = seen.insert(visitor | UInt64(UInt32(last)))
            if seen.insert(visitor | UInt64(UInt32(id))) { counts[Int(id)] += 1 }
        }
        last = id
    }

    private static func deviceIndex(_ d: Device) -> Int8 {
        switch d {
        case .desktop: 0
        case .mobile: 1
        case .tablet, .bot: 2
        }
    }

    private static let deviceNames = ["desktop", "mobile", "tablet"]

    /// Adds a finished visit to bounces, durations and entry/exit pages.
    private mutating func closeVisit(_ s: VisitorState) {
        guard tracksVisitEnds, s.visitCounted else { return }
        if s.visitEvents == 1 && s.entryPath >= 0 { closedBounces += 1 }
        closedDurationMillis += Int64(s.lastMillis) - Int64(s.visitFirstMillis)
        if s.entryPath >= 0 {
            entries[Int(s.entryPath)] += 1
            exits[Int(s.exitPath)] += 1
        }
    }

    /// The report as of the hours fed so far; visits still open are closed
    /// in a copy, so more hours may still be fed.
    func report(reader: ReaderCounts, complete: Bool) -> Report {
        closed().finishedReport(reader: reader, complete: complete, lists: nil)
    }

    /// The daily report and its partial (SPEC §4.3), from one pass over the
    /// day's tallies; the partial's `manifestSHA256` is left empty.
    func reportAndPartial(reader: ReaderCounts, complete: Bool) -> (Report, DailyPartial) {
        let c = closed()
        let lists = c.untruncatedLists()
        let report = c.finishedReport(reader: reader, complete: complete, lists: lists)
        let partial = DailyPartial(
            site: window.site, day: window.day, timeZone: window.zone.identifier, startSeconds: window.startSeconds,
            endSeconds: window.endSeconds, complete: complete, manifestSHA256: "",
            totals: PartialTotals(
                pageviews: pageviews, events: customEvents, visitors: visitors.count, visits: visits,
                bounces: c.closedBounces, visitDurationMillis: c.closedDurationMillis, botEvents: botEvents),
            inputs: report.inputs,
            lists: lists.map { TopList(kind: $0.kind, rows: $0.rows.sorted { UTF8Bytes.precedes($0.key, $1.key) }) })
        return (report, partial)
    }

    private func closed() -> ReportAccumulator {
        var closing = self
        visitors.forEach { closing.closeVisit($0) }
        return closing
    }

    /// Every key with a non-zero count of every list, unranked.
    private func untruncatedLists() -> [TopList] {
        let daily = tracksVisitEnds
        var deviceRows: [TopRow] = []
        for (i, n) in devices.enumerated() where n > 0 {
            deviceRows.append(TopRow(key: Self.deviceNames[i], counts: [n]))
        }
        return TopListKind.allCases.map { kind in
            let candidates: [TopRow]
            switch kind {
            case .topPages: candidates = pages.rows(withVisitors: true)
            case .entryPages: candidates = daily ? pages.rows(entries) : []
            case .exitPages: candidates = daily ? pages.rows(exits) : []
            case .referrers: candidates = referrers.rows(withVisitors: false)
            case .utmSources: candidates = utmSources.rows(withVisitors: false)
            case .utmMediums: candidates = utmMediums.rows(withVisitors: false)
            case .utmCampaigns: candidates = utmCampaigns.rows(withVisitors: false)
            case .countries: candidates = countries.rows(withVisitors: false)
            case .browsers: candidates = browsers.rows(withVisitors: false)
            case .os: candidates = systems.rows(withVisitors: false)
            case .devices: candidates = deviceRows
            case .customEvents: candidates = names.rows(withVisitors: true)
            }
            return TopList(kind: kind, rows: candidates)
        }
    }

    private func finishedReport(reader: ReaderCounts, complete: Bool, lists untruncated: [TopList]?) -> Report {
        let daily = tracksVisitEnds
        var totals = ReportTotals(
            pageviews: pageviews, events: customEvents, visitors: visitors.count, visits: visits, botEvents: botEvents)
        if daily {
            totals.bounces = closedBounces
            totals.bounceRate = Rounding.ratio(Int64(closedBounces), Int64(visits), decimals: 4)
            totals.visitDurationAvgS = Rounding.ratio(closedDurationMillis, Int64(visits) * 1000, decimals: 1)
        }
        let lists = (untruncated ?? untruncatedLists()).map { TopList(kind: $0.kind, rows: TopList.rank($0.rows)) }
        let inputs = ReportInputs(
            segments: reader.segments, eventsRead: reader.eventsRead,
            duplicatesDropped: max(0, reader.eventsRead - distinctIDs), invalidLines: reader.invalidLines)
        return Report(window: window, complete: complete, totals: totals, series: series, topLists: lists, inputs: inputs)
    }
}

/// A segment's key ids mapped to the window's tallies, by the segment's
/// table order; -1 where an empty value counts in no list.
struct KeyMap {
    var page: [Int32]
    var name: [Int32]
    var ref: [Int32]
    var utmSource: [Int32]
    var utmMedium: [Int32]
    var utmCampaign: [Int32]
    var country: [Int32]
    var browser: [Int32]
    var os: [Int32]
}

/// One event of the current hour with the window's key ids; -1 for an
/// empty value that counts in no list.
struct ResolvedRow {
    /// Path id for a page view, event name id for a custom event.
    var key: Int32
    var ref: Int32
    var utmSource: Int32
    var utmMedium: Int32
    var utmCampaign: Int32
    var country: Int32
    var browser: Int32
    var os: Int32
    /// The visitor id as a number (0 for bots and events outside the hour).
    var visitor: UInt64
    var type: EventKind
    /// `deviceIndex` of the device.
    var device: Int8
    /// `SortRecord.outside`, `SortRecord.bot` or 0.
    var flags: UInt8
}

/// Where one event of the current hour sits, and its sort key.
struct SortRecord {
    /// `ts` relative to the window start.
    var millis: Int32
    /// The event's position in the hour's `resolved` rows.
    var index: Int32
    /// The event id.
    var id: EventID

    /// `ts` outside the hour being added, or outside the window in a
    /// partition it owns: takes part in dedupe, counts nowhere.
    static let outside: UInt8 = 1
    /// A bot's event.
    static let bot: UInt8 = 2
    /// In the lookback span before an hourly window.
    static let lookback: UInt8 = 3
    /// After the window in a partition it does not own: another window's
    /// event, ignored entirely.
    static let skipped: UInt8 = 4
    /// Before the window, but a bot's or before the lookback span:
    /// deduplicated with the lookback events, noted nowhere.
    static let lookbackSilent: UInt8 = 5

    /// (`ts`, `id`) order; ids compare as numbers, which is their hex order.
    @inline(__always)
    static func precedes(_ a: SortRecord, _ b: SortRecord) -> Bool {
        if a.millis != b.millis { return a.millis < b.millis }
        if a.id.high != b.id.high { return a.id.high < b.id.high }
        return a.id.low < b.id.low
    }
}
