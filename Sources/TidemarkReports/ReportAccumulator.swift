import TidemarkCore

/// The aggregation core shared by the daily and hourly builders.
///
/// It takes a window one UTC hour at a time. Per hour it drops duplicate ids
/// (first copy in feed order wins), sorts the hour's non-bot events by
/// (`ts`, `id`) and walks them once, advancing each visitor's visit. Memory is
/// the distinct ids, visitors, keys and (visitor, key) pairs of the window
/// plus one hour's sort records; events themselves stay in the caller's arrays.
struct ReportAccumulator {
    /// Largest gap, in milliseconds, that keeps a visit going (SPEC §4.1 rule 5).
    static let visitGapMillis: Int64 = 1_800_000

    /// The window being built.
    let window: ReportWindow
    private let bucketMillis: Int32
    private let tracksVisitEnds: Bool

    private var seen = EventIDSet()
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
    private var referrers = KeyTally()
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
    /// Sum of touched words; kept so the touching loads are not optimised away.
    private var touchSink: UInt64 = 0

    /// An empty accumulator for `window`.
    init(window: ReportWindow) {
        self.window = window
        bucketMillis = Int32(window.kind.bucketSeconds * 1000)
        tracksVisitEnds = window.kind == .daily
        series = (0..<window.kind.bucketCount).map {
            SeriesBucket(startSeconds: window.startSeconds + Int64($0) * window.kind.bucketSeconds)
        }
    }

    /// Distinct ids seen so far, bots included.
    var distinctIDs: Int { seen.count }

    /// Remembers the latest event per visitor in the 30 minutes before an
    /// hourly window's start, to tell whether a visit continues into it. Counts
    /// nothing. Duplicate ids inside the lookback are dropped first, so a
    /// losing copy cannot extend a visit.
    mutating func addLookback(_ segments: [[Event]]) throws(ReportError) {
        let from = window.startMillis - Self.visitGapMillis
        let to = window.startMillis
        // Hour 00 has no lookback: visits never cross UTC midnight.
        guard window.startHour.hourOfDay != 0 else { return }
        var lookbackSeen = EventIDSet()
        for segment in segments {
            for i in segment.indices {
                let millis = segment[i].epochMillis
                guard let id = EventID(hex: segment[i].id) else {
                    throw .malformedEvent(field: "id", value: segment[i].id, window: window)
                }
                guard lookbackSeen.insert(id), segment[i].device != .bot, millis >= from, millis < to else { continue }
                guard let visitor = Hex.parse64(segment[i].visitor) else {
                    throw .malformedEvent(field: "visitor", value: segment[i].visitor, window: window)
                }
                let relative = Int32(millis - window.startMillis)
                if let last = lookbackLast[visitor], last >= relative { continue }
                lookbackLast[visitor] = relative
            }
        }
    }

    /// Adds one hour of the window: `segments` in segment key order, each in
    /// line order. Events whose `ts` lies outside `hour` are not counted
    /// (their id still takes part in dedupe).
    mutating func addHour(_ hour: UTCHour, segments: [[Event]]) throws(ReportError) {
        try stage(hour, segments)
        dedupe()
        records.sort(by: SortRecord.precedes)
        aggregate(segments)
    }

    /// Events per batch whose table slots are touched together (see `EventIDSet.touch`).
    private static let batch = 16

    /// Parses each event's id, visitor and time into `staged`, in line order
    /// while its strings are in cache. Index loops and field reads, not
    /// `for e in`: copying an `Event` retains all of its strings.
    private mutating func stage(_ hour: UTCHour, _ segments: [[Event]]) throws(ReportError) {
        let from = hour.startSeconds * 1000
        let to = from + 3_600_000
        let origin = window.startMillis
        staged.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        for s in segments.indices {
            let segment = segments[s]
            for i in segment.indices {
                let millis = segment[i].epochMillis
                guard let id = EventID(hex: segment[i].id) else {
                    throw .malformedEvent(field: "id", value: segment[i].id, window: window)
                }
                var flags: UInt8 = 0
                var visitor: UInt64 = 0
                if millis < from || millis >= to {
                    flags = SortRecord.outside
                } else if segment[i].device == .bot {
                    flags = SortRecord.bot
                } else {
                    guard let v = Hex.parse64(segment[i].visitor) else {
                        throw .malformedEvent(field: "visitor", value: segment[i].visitor, window: window)
                    }
                    visitor = v
                }
                staged.append(
                    SortRecord(
                        millis: Int32(truncatingIfNeeded: millis - origin), segment: Int32(s), index: Int32(i), id: id,
                        visitor: visitor, flags: flags))
            }
        }
    }

    /// Drops ids seen before (first copy in feed order wins) and keeps the
    /// window's non-bot events in `records`.
    private mutating func dedupe() {
        var k = 0
        while k < staged.count {
            let end = min(k + Self.batch, staged.count)
            seen.reserve(end - k)
            var sink: UInt64 = 0
            for j in k..<end { sink &+= seen.touch(staged[j].id) }
            touchSink &+= sink
            for j in k..<end {
                let r = staged[j]
                guard seen.insert(r.id), r.flags != SortRecord.outside else { continue }
                if r.flags == SortRecord.bot {
                    botEvents += 1
                } else {
                    records.append(r)
                }
            }
            k = end
        }
    }

    /// Walks the hour's records in (`ts`, `id`) order. Per batch: touch the
    /// visitors' slots; find each visitor and intern its path or event name
    /// (touching the (visitor, name) pair slot for custom events); then count.
    /// Ends by merging the hour's (visitor, page) pairs.
    private mutating func aggregate(_ segments: [[Event]]) {
        var k = 0
        var slots = [Int](repeating: 0, count: Self.batch)
        var fresh = [Bool](repeating: false, count: Self.batch)
        var keys = [Int32](repeating: 0, count: Self.batch)
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
            for j in k..<end { sink &+= visitors.touch(records[j].visitor) }
            for j in k..<end {
                let r = records[j]
                let (slot, isNew) = visitors.slot(for: r.visitor)
                let segment = segments[Int(r.segment)]
                let i = Int(r.index)
                let pair = UInt64(UInt32(bitPattern: visitors[slot].index)) << 32
                // Through the buffer: `segment[i].path` here made the
                // optimiser copy the whole event first.
                let (isPageview, text) = segment.withUnsafeBufferPointer { b in
                    b[i].type == .pageview ? (true, b[i].path) : (false, b[i].name)
                }
                if isPageview {
                    let p = pages.id(text)
                    if entries.count < pages.counts.count {
                        entries.append(0)
                        exits.append(0)
                    }
                    keys[j - k] = p
                } else {
                    let name = names.id(text)
                    keys[j - k] = name
                    sink &+= nameVisitorSeen.touch(pair | UInt64(UInt32(name)))
                }
                slots[j - k] = slot
                fresh[j - k] = isNew
            }
            touchSink &+= sink
            for j in k..<end {
                let r = records[j]
                add(
                    segments[Int(r.segment)], Int(r.index), slot: slots[j - k], isNew: fresh[j - k], key: keys[j - k],
                    visitor: r.visitor, millis: r.millis)
            }
            k = end
        }
        pageVisitors.merge { pages.visitors[Int(UInt32(truncatingIfNeeded: $0))] += 1 }
    }

    private mutating func add(
        _ segment: [Event], _ i: Int, slot: Int, isNew isNewVisitor: Bool, key: Int32, visitor: UInt64, millis: Int32
    ) {
        var st = visitors[slot]
        let bucket = Int(millis / bucketMillis)
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
            let ref = segment[i].refHost
            referrers.count(ref.isEmpty ? "(direct)" : ref)
            let source = segment[i].utmSource
            if !source.isEmpty { utmSources.count(source) }
            let medium = segment[i].utmMedium
            if !medium.isEmpty { utmMediums.count(medium) }
            let campaign = segment[i].utmCampaign
            if !campaign.isEmpty { utmCampaigns.count(campaign) }
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

        switch segment[i].type {
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

        let country = segment[i].country
        if !country.isEmpty {
            Self.countDistinct(country, tally: &countries, last: &st.country, seen: &countrySeen, visitor: visitorKey)
        }
        let browser = segment[i].browser
        if !browser.isEmpty {
            Self.countDistinct(browser, tally: &browsers, last: &st.browser, seen: &browserSeen, visitor: visitorKey)
        }
        let os = segment[i].os
        if !os.isEmpty {
            Self.countDistinct(os, tally: &systems, last: &st.os, seen: &systemSeen, visitor: visitorKey)
        }
        let d = Self.deviceIndex(segment[i].device)
        if st.device != d {
            if st.device >= 0 { _ = deviceSeen.insert(visitorKey | UInt64(UInt8(st.device))) }
            if deviceSeen.insert(visitorKey | UInt64(UInt8(d))) { devices[Int(d)] += 1 }
            st.device = d
        }
        visitors[slot] = st
    }

    /// Counts `value` once per visitor. `last` is the value this visitor was
    /// last counted under; the set records a pair only once a visitor shows a
    /// second value, so the common case is one byte comparison.
    @inline(__always)
    private static func countDistinct(
        _ value: String, tally: inout KeyTally, last: inout Int32, seen: inout UInt64Set, visitor: UInt64
    ) {
        if last >= 0, UTF8Bytes.sameBytes(tally.strings[Int(last)], value) { return }
        let id = tally.id(value)
        if last < 0 {
            tally.counts[Int(id)] += 1
        } else {
            _ = seen.insert(visitor | UInt64(UInt32(last)))
            if seen.insert(visitor | UInt64(UInt32(id))) { tally.counts[Int(id)] += 1 }
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
        var closing = self
        visitors.forEach { closing.closeVisit($0) }
        return closing.finishedReport(reader: reader, complete: complete)
    }

    private func finishedReport(reader: ReaderCounts, complete: Bool) -> Report {
        let daily = tracksVisitEnds
        var totals = ReportTotals(
            pageviews: pageviews, events: customEvents, visitors: visitors.count, visits: visits, botEvents: botEvents)
        if daily {
            totals.bounces = closedBounces
            totals.bounceRate = Rounding.ratio(Int64(closedBounces), Int64(visits), decimals: 4)
            totals.visitDurationAvgS = Rounding.ratio(closedDurationMillis, Int64(visits) * 1000, decimals: 1)
        }
        func pathRows(_ column: [Int]) -> [TopRow] {
            var rows: [TopRow] = []
            for (i, key) in pages.strings.enumerated() where column[i] > 0 {
                rows.append(TopRow(key: key, counts: [column[i]]))
            }
            return rows
        }
        var deviceRows: [TopRow] = []
        for (i, n) in devices.enumerated() where n > 0 {
            deviceRows.append(TopRow(key: Self.deviceNames[i], counts: [n]))
        }
        let lists: [TopList] = TopListKind.allCases.map { kind in
            let candidates: [TopRow]
            switch kind {
            case .topPages: candidates = pages.rows(withVisitors: true)
            case .entryPages: candidates = daily ? pathRows(entries) : []
            case .exitPages: candidates = daily ? pathRows(exits) : []
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
            return TopList(kind: kind, rows: TopList.rank(candidates))
        }
        let inputs = ReportInputs(
            segments: reader.segments, eventsRead: reader.eventsRead,
            duplicatesDropped: max(0, reader.eventsRead - seen.count), invalidLines: reader.invalidLines)
        return Report(window: window, complete: complete, totals: totals, series: series, topLists: lists, inputs: inputs)
    }
}

/// Where one event of the current hour sits, and its sort key.
struct SortRecord {
    /// `ts` relative to the window start.
    var millis: Int32
    /// Which of the hour's segments holds the event.
    var segment: Int32
    /// The event's line in its segment (blank and invalid lines not counted).
    var index: Int32
    /// The event id.
    var id: EventID
    /// The visitor id as a number (0 for bots and events outside the hour).
    var visitor: UInt64
    /// `outside`, `bot` or 0.
    var flags: UInt8

    /// `ts` outside the hour being added.
    static let outside: UInt8 = 1
    /// A bot's event.
    static let bot: UInt8 = 2

    /// (`ts`, `id`) order; ids compare as numbers, which is their hex order.
    @inline(__always)
    static func precedes(_ a: SortRecord, _ b: SortRecord) -> Bool {
        if a.millis != b.millis { return a.millis < b.millis }
        if a.id.high != b.id.high { return a.id.high < b.id.high }
        return a.id.low < b.id.low
    }
}
