import TidemarkCore

/// The aggregation core shared by the daily and hourly builders.
///
/// It takes a window one UTC hour at a time. Per hour it drops duplicate ids
/// (first copy in feed order wins), sorts the hour's non-bot events by
/// (`ts`, `id`) and walks them once, advancing each visitor's visit. Memory is
/// the distinct ids, visitors and keys of the window plus one hour's sort
/// records; events themselves stay in the caller's arrays.
struct ReportAccumulator {
    /// Largest gap, in milliseconds, that keeps a visit going (SPEC §4.1 rule 5).
    static let visitGapMillis: Int64 = 1_800_000

    let window: ReportWindow
    private let bucketMillis: Int64
    private let tracksVisitEnds: Bool

    private var seen = Set<EventID>()
    private var botEvents = 0
    private var pageviews = 0
    private var customEvents = 0
    private var visits = 0
    private var series: [SeriesBucket]

    private var visitorIndex: [UInt64: Int32] = [:]
    private var states: [VisitorState] = []
    /// Latest lookback `ts` per visitor (hourly windows only).
    private var lookbackLast: [UInt64: Int64] = [:]

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

    private var pageVisitorSeen = Set<UInt64>()
    private var nameVisitorSeen = Set<UInt64>()
    private var countrySeen = Set<UInt64>()
    private var browserSeen = Set<UInt64>()
    private var systemSeen = Set<UInt64>()
    private var deviceSeen = Set<UInt64>()

    private var records: [SortRecord] = []

    init(window: ReportWindow) {
        self.window = window
        bucketMillis = window.kind.bucketSeconds * 1000
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
        var lookbackSeen = Set<EventID>()
        for segment in segments {
            for e in segment {
                guard let id = EventID(hex: e.id) else {
                    throw .malformedEvent(field: "id", value: e.id, window: window)
                }
                guard lookbackSeen.insert(id).inserted, e.device != .bot, e.epochMillis >= from, e.epochMillis < to
                else { continue }
                guard let visitor = Hex.parse64(e.visitor) else {
                    throw .malformedEvent(field: "visitor", value: e.visitor, window: window)
                }
                if let last = lookbackLast[visitor], last >= e.epochMillis { continue }
                lookbackLast[visitor] = e.epochMillis
            }
        }
    }

    /// Adds one hour of the window: `segments` in segment key order, each in
    /// line order. Events whose `ts` lies outside `hour` are not counted
    /// (their id still takes part in dedupe).
    mutating func addHour(_ hour: UTCHour, segments: [[Event]]) throws(ReportError) {
        let from = hour.startSeconds * 1000
        let to = from + 3_600_000
        records.removeAll(keepingCapacity: true)
        for (s, segment) in segments.enumerated() {
            for (i, e) in segment.enumerated() {
                guard let id = EventID(hex: e.id) else {
                    throw .malformedEvent(field: "id", value: e.id, window: window)
                }
                guard seen.insert(id).inserted, e.epochMillis >= from, e.epochMillis < to else { continue }
                if e.device == .bot {
                    botEvents += 1
                    continue
                }
                records.append(SortRecord(millis: e.epochMillis, id: id, segment: Int32(s), index: Int32(i)))
            }
        }
        records.sort(by: SortRecord.precedes)
        for r in records {
            try add(segments[Int(r.segment)][Int(r.index)], millis: r.millis)
        }
    }

    private mutating func add(_ e: Event, millis: Int64) throws(ReportError) {
        guard let visitor = Hex.parse64(e.visitor) else {
            throw .malformedEvent(field: "visitor", value: e.visitor, window: window)
        }
        let v: Int
        var isNewVisitor = false
        if let known = visitorIndex[visitor] {
            v = Int(known)
        } else {
            v = states.count
            visitorIndex[visitor] = Int32(v)
            states.append(VisitorState())
            isNewVisitor = true
        }
        let bucket = Int((millis - window.startMillis) / bucketMillis)
        let visitorKey = UInt64(UInt32(v)) << 32

        let startsVisit: Bool
        if isNewVisitor {
            if let last = lookbackLast[visitor] {
                startsVisit = millis - last > Self.visitGapMillis
            } else {
                startsVisit = true
            }
        } else {
            startsVisit = millis - states[v].lastMillis > Self.visitGapMillis
        }
        if startsVisit {
            if !isNewVisitor { closeVisit(states[v]) }
            states[v].visitCounted = true
            states[v].visitFirstMillis = millis
            states[v].visitEvents = 0
            states[v].entryPath = -1
            states[v].exitPath = -1
            visits += 1
            series[bucket].visits += 1
            referrers.count(e.refHost.isEmpty ? "(direct)" : e.refHost)
            if !e.utmSource.isEmpty { utmSources.count(e.utmSource) }
            if !e.utmMedium.isEmpty { utmMediums.count(e.utmMedium) }
            if !e.utmCampaign.isEmpty { utmCampaigns.count(e.utmCampaign) }
        } else if isNewVisitor {
            // The visit began in the lookback: it belongs to the hour before.
            states[v].visitCounted = false
        }
        states[v].visitEvents += 1
        states[v].lastMillis = millis

        if states[v].lastBucket != Int32(bucket) {
            states[v].lastBucket = Int32(bucket)
            series[bucket].visitors += 1
        }

        switch e.type {
        case .pageview:
            pageviews += 1
            series[bucket].pageviews += 1
            let p: Int32
            if states[v].lastPagePath >= 0, ByteKey.sameBytes(pages.strings[Int(states[v].lastPagePath)], e.path) {
                p = states[v].lastPagePath
            } else {
                p = pages.id(e.path)
                if entries.count < pages.counts.count {
                    entries.append(0)
                    exits.append(0)
                }
                states[v].lastPagePath = p
                if pageVisitorSeen.insert(visitorKey | UInt64(UInt32(p))).inserted { pages.visitors[Int(p)] += 1 }
            }
            pages.counts[Int(p)] += 1
            if states[v].entryPath < 0 { states[v].entryPath = p }
            states[v].exitPath = p
        case .event:
            customEvents += 1
            let n: Int32
            if states[v].lastName >= 0, ByteKey.sameBytes(names.strings[Int(states[v].lastName)], e.name) {
                n = states[v].lastName
            } else {
                n = names.id(e.name)
                states[v].lastName = n
                if nameVisitorSeen.insert(visitorKey | UInt64(UInt32(n))).inserted { names.visitors[Int(n)] += 1 }
            }
            names.counts[Int(n)] += 1
        }

        if !e.country.isEmpty {
            Self.countDistinct(e.country, tally: &countries, last: &states[v].country, seen: &countrySeen, visitor: visitorKey)
        }
        if !e.browser.isEmpty {
            Self.countDistinct(e.browser, tally: &browsers, last: &states[v].browser, seen: &browserSeen, visitor: visitorKey)
        }
        if !e.os.isEmpty {
            Self.countDistinct(e.os, tally: &systems, last: &states[v].os, seen: &systemSeen, visitor: visitorKey)
        }
        let d = Self.deviceIndex(e.device)
        if states[v].device != d {
            if states[v].device >= 0 { deviceSeen.insert(visitorKey | UInt64(UInt32(states[v].device))) }
            if deviceSeen.insert(visitorKey | UInt64(UInt32(d))).inserted { devices[Int(d)] += 1 }
            states[v].device = d
        }
    }

    /// Counts `value` once per visitor. `last` is the value this visitor was
    /// last counted under; the set records a pair only once a visitor shows a
    /// second value, so the common case is one byte comparison.
    @inline(__always)
    private static func countDistinct(
        _ value: String, tally: inout KeyTally, last: inout Int32, seen: inout Set<UInt64>, visitor: UInt64
    ) {
        if last >= 0, ByteKey.sameBytes(tally.strings[Int(last)], value) { return }
        let id = tally.id(value)
        if last < 0 {
            tally.counts[Int(id)] += 1
        } else {
            seen.insert(visitor | UInt64(UInt32(last)))
            if seen.insert(visitor | UInt64(UInt32(id))).inserted { tally.counts[Int(id)] += 1 }
        }
        last = id
    }

    private static func deviceIndex(_ d: Device) -> Int32 {
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
        closedDurationMillis += s.lastMillis - s.visitFirstMillis
        if s.entryPath >= 0 {
            entries[Int(s.entryPath)] += 1
            exits[Int(s.exitPath)] += 1
        }
    }

    /// The report as of the hours fed so far; visits still open are closed
    /// in a copy, so more hours may still be fed.
    func report(reader: ReaderCounts, complete: Bool) -> Report {
        var closing = self
        for s in states { closing.closeVisit(s) }
        return closing.finishedReport(reader: reader, complete: complete)
    }

    private func finishedReport(reader: ReaderCounts, complete: Bool) -> Report {
        let daily = tracksVisitEnds
        var totals = ReportTotals(
            pageviews: pageviews, events: customEvents, visitors: states.count, visits: visits, botEvents: botEvents)
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
    var millis: Int64
    var id: EventID
    var segment: Int32
    var index: Int32

    /// (`ts`, `id`) order; ids compare as numbers, which is their hex order.
    @inline(__always)
    static func precedes(_ a: SortRecord, _ b: SortRecord) -> Bool {
        if a.millis != b.millis { return a.millis < b.millis }
        if a.id.high != b.id.high { return a.id.high < b.id.high }
        return a.id.low < b.id.low
    }
}
